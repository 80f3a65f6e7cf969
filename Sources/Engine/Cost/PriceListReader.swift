import Foundation

/// Reads the products the Price List API returns into the prices an estimate needs. Usage
/// types carry a region prefix (`SAE1-Storage-ShardHour`; none in us-east-1), so they are
/// matched by their ending.
enum PriceListReader {
    /// The product's price item and its price in the item's unit, or nil for a product the
    /// estimate does not use.
    static func price(service: String, product json: String) -> (PriceItem, Double)? {
        guard
            let document = try? JSONSerialization.jsonObject(with: Data(json.utf8))
                as? [String: Any],
            let attributes = (document["product"] as? [String: Any])?["attributes"]
                as? [String: String],
            let usageType = attributes["usagetype"],
            let (item, perUnit) = item(
                service: service, usageType: usageType, operation: attributes["operation"]),
            let unitPrice = firstTierUSD(document)
        else { return nil }
        return (item, unitPrice * perUnit)
    }

    /// The item and how many of AWS's units make one of the item's.
    static func item(service: String, usageType: String, operation: String?) -> (PriceItem, Double)?
    {
        func ends(_ suffix: String) -> Bool {
            usageType == suffix || usageType.hasSuffix("-" + suffix)
        }
        switch service {
        case "AmazonKinesis":
            if ends("Storage-ShardHour") { return (.shardHour, 1) }
            if ends("PutRequestPayloadUnits") { return (.putPayloadUnits, 1e6) }
            if ends("OnDemand-StreamHour") { return (.onDemandStreamHour, 1) }
            if ends("OnDemand-BilledIncomingBytes") { return (.onDemandIngestedGB, 1) }
            if ends("OnDemand-BilledOutgoingBytes") { return (.onDemandRetrievedGB, 1) }
        case "AmazonKinesisFirehose":
            if operation == "DataFormatConversion" { return (.formatConversionGB, 1) }
            if usageType.contains("DynamicPartitioning") || usageType.contains("Partitioned") {
                return (.dynamicPartitioningGB, 1)
            }
            if ends("S3DeliveryObjectCount") { return (.dynamicPartitioningObjects, 1000) }
            if ends("BilledBytes") { return (.firehoseIngestedGB, 1) }
        case "AmazonS3":
            if ends("TimedStorage-ByteHrs") { return (.storageGBMonth, 1) }
            if ends("Requests-Tier1") { return (.putRequests, 1000) }
        case "AmazonCloudWatch":
            if ends("CW:AlarmMonitorUsage") { return (.alarmMonth, 1) }
        default: break
        }
        return nil
    }

    /// The on-demand price of the first tier (the one starting at 0), in USD.
    static func firstTierUSD(_ document: [String: Any]) -> Double? {
        guard
            let onDemand = (document["terms"] as? [String: Any])?["OnDemand"] as? [String: Any]
        else { return nil }
        var best: Double?
        for case let term as [String: Any] in onDemand.values {
            guard let dimensions = term["priceDimensions"] as? [String: Any] else { continue }
            for case let dimension as [String: Any] in dimensions.values {
                let begin = Double(dimension["beginRange"] as? String ?? "0") ?? 0
                guard begin == 0,
                    let text = (dimension["pricePerUnit"] as? [String: String])?["USD"],
                    let price = Double(text)
                else { continue }
                best = max(best ?? 0, price)
            }
        }
        return best
    }
}
