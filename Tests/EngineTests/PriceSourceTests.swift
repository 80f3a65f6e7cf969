import AWS
import Foundation
import Kinds
import Synchronization
import TestSupport
import Testing

@testable import Engine

/// Prices from a stub of the Price List endpoint: asked signed, read from AWS's product
/// documents, kept for a day; the embedded table with the reason when the API cannot answer.
/// The stub answers as botocore's `pricing` model (2017-10-15) says GetProducts does: JSON 1.1,
/// `PriceList` a list of product documents each encoded as a string (`aws_v1` format:
/// `product.attributes.usagetype`, `terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD` by
/// tier), the endpoint in us-east-1 signed for `pricing`.
struct PriceSourceTests {
    /// A product document as GetProducts returns it (a JSON string in PriceList).
    static func product(_ usageType: String, _ usd: String, operation: String = "") -> String {
        #"{"product":{"productFamily":"x","attributes":{"usagetype":"\#(usageType)","operation":"\#(operation)","regionCode":"sa-east-1"}},"terms":{"OnDemand":{"SKU.T":{"priceDimensions":{"SKU.T.R1":{"unit":"x","beginRange":"0","endRange":"Inf","pricePerUnit":{"USD":"\#(usd)"}},"SKU.T.R2":{"unit":"x","beginRange":"512000","endRange":"Inf","pricePerUnit":{"USD":"0.0001"}}}}}}}"#
    }

    static func answer(_ products: [String]) -> String {
        let encoded = try! JSONSerialization.data(withJSONObject: [
            "PriceList": products, "FormatVersion": "aws_v1",
        ])
        return String(decoding: encoded, as: UTF8.self)
    }

    func source(_ stub: FaultProxy, cache: URL) -> PriceSource {
        let context = AWSContext(
            region: "sa-east-1",
            credentials: StaticCredentialProvider(
                AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret", source: "test")),
            endpoints: EndpointResolver(
                environment: ["AWS_ENDPOINT_URL_PRICING": stub.endpoint.absoluteString]))
        return PriceSource(context: context, cacheDirectory: cache)
    }

    @Test func pricesComeFromTheAPIAndAreKeptForADay() async throws {
        let stub = try FaultProxy(upstream: URL(string: "http://127.0.0.1:9")!)
        defer { stub.stop() }
        stub.setRule { request in
            let body = String(decoding: request.body, as: UTF8.self)
            let products: [String]
            if body.contains(#""ServiceCode":"AmazonKinesis""#) {
                products = [
                    Self.product("SAE1-Storage-ShardHour", "0.0300000000"),
                    Self.product("SAE1-PutRequestPayloadUnits", "0.0000000300"),
                    Self.product("SAE1-Extended-ShardHour", "0.9"),
                ]
            } else if body.contains(#""ServiceCode":"AmazonKinesisFirehose""#) {
                products = [
                    Self.product("SAE1-BilledBytes", "0.0500000000"),
                    Self.product(
                        "SAE1-DataFormatConversion", "0.04", operation: "DataFormatConversion"),
                ]
            } else if body.contains("TimedStorage-ByteHrs") {
                products = [Self.product("SAE1-TimedStorage-ByteHrs", "0.0400000000")]
            } else if body.contains(#""ServiceCode":"AmazonCloudWatch""#) {
                products = [Self.product("SAE1-CW:AlarmMonitorUsage", "0.1200000000")]
            } else {
                products = [Self.product("SAE1-Requests-Tier1", "0.0000080000")]
            }
            return .respond(
                status: 200, headers: ["Content-Type": "application/x-amz-json-1.1"],
                body: Self.answer(products))
        }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prices-\(UUID().uuidString)")
        let sheet = await source(stub, cache: cache).sheet(region: "sa-east-1")
        guard case .priceListAPI = sheet.origin else {
            Issue.record("prices from \(sheet.originDescription)")
            return
        }
        #expect(sheet.price(.shardHour) == 0.03)
        #expect(abs(sheet.price(.putPayloadUnits) - 0.03) < 1e-12)
        #expect(sheet.price(.firehoseIngestedGB) == 0.05)
        #expect(sheet.price(.formatConversionGB) == 0.04)
        #expect(sheet.price(.storageGBMonth) == 0.04)
        #expect(abs(sheet.price(.putRequests) - 0.008) < 1e-12)
        #expect(sheet.price(.alarmMonth) == 0.12)
        // What the API did not list keeps the table's price.
        #expect(
            sheet.price(.onDemandStreamHour)
                == EmbeddedPrices.table["sa-east-1"]?[.onDemandStreamHour])
        // Signed for the pricing service in us-east-1, where the API answers.
        let calls = stub.requests.map(\.request)
        #expect(calls.count == 5)
        #expect(
            calls.allSatisfy { $0.headers["x-amz-target"] == "AWSPriceListService.GetProducts" })
        #expect(
            calls.allSatisfy {
                $0.headers["authorization"]?.contains("/us-east-1/pricing/aws4_request") == true
            })
        #expect(
            calls.allSatisfy {
                String(decoding: $0.body, as: UTF8.self).contains(#""Value":"sa-east-1""#)
            })

        // The next plan the same day asks nothing.
        let again = await source(stub, cache: cache).sheet(region: "sa-east-1")
        #expect(again == sheet)
        #expect(stub.requests.count == 5)
    }

    @Test func withoutPermissionTheTableIsUsedAndTheReasonGiven() async throws {
        let stub = try FaultProxy(upstream: URL(string: "http://127.0.0.1:9")!)
        defer { stub.stop() }
        stub.setRule { _ in
            .respond(
                status: 400, headers: ["Content-Type": "application/x-amz-json-1.1"],
                body:
                    #"{"__type":"AccessDeniedException","message":"User is not authorized to perform: pricing:GetProducts"}"#
            )
        }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prices-\(UUID().uuidString)")
        let sheet = await source(stub, cache: cache).sheet(region: "sa-east-1")
        #expect(
            sheet.origin == .embedded(reason: "these credentials may not call pricing:GetProducts"))
        #expect(sheet.prices == EmbeddedPrices.table["sa-east-1"])
        #expect(
            sheet.originDescription.contains("price table of \(EmbeddedPrices.asOf) for sa-east-1"))
        // An emulator's endpoint is not asked at all.
        let emulator = PriceSource(
            context: AWSContext(
                region: "sa-east-1",
                credentials: StaticCredentialProvider(
                    AWSCredentials(accessKeyID: "A", secretAccessKey: "s", source: "test")),
                endpoints: EndpointResolver(environment: [
                    "AWS_ENDPOINT_URL": stub.endpoint.absoluteString
                ])),
            cacheDirectory: cache)
        stub.clearLog()
        let offline = await emulator.sheet(region: "eu-north-1")
        #expect(stub.requests.isEmpty)
        #expect(offline.originDescription.contains("us-east-1 (none recorded for eu-north-1)"))
    }
}
