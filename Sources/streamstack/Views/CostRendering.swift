import Engine
import Foundation
import StackFile

/// The cost estimate's part of the plan, in each of the plan's formats.
extension PlanRenderer {
    static func dollars(_ amount: Double) -> String {
        let sign = amount < 0 ? "-" : ""
        return sign + "$" + String(format: "%.2f", abs(amount))
    }

    static func signedDollars(_ amount: Double) -> String {
        (amount >= 0.005 ? "+" : "") + dollars(amount)
    }

    static func quantity(_ value: Double) -> String {
        if value >= 100 || value == value.rounded() { return String(format: "%.0f", value) }
        return String(format: value >= 1 ? "%.1f" : "%.3f", value)
    }

    private func trafficLine(_ cost: CostEstimate) -> String {
        let hint =
            cost.traffic.origin == Traffic.assumed.origin
            ? "assumed; set `cost:` in the stack file or pass --traffic RATE/s,SIZE"
            : cost.traffic.origin
        return "Traffic: \(cost.traffic.description) (\(hint))."
    }

    private func resourceTitle(_ id: String, _ plan: Plan) -> String {
        let type = plan.resources.first { $0.id == id }?.type
        return type.map { "\($0) \(id)" } ?? id
    }

    func costText(_ cost: CostEstimate, _ plan: Plan) -> String {
        let headline =
            "\(Self.dollars(cost.monthly))/month (\(Self.dollars(CostEstimate.perDay(cost.monthly)))/day) once applied; this plan changes it by \(Self.signedDollars(cost.change))/month."
        var lines = wrapped("Estimated cost: " + headline, rest: "  ")
        lines[0] = lines[0].replacingOccurrences(
            of: "Estimated cost: ", with: paint("Estimated cost: ", .bold))
        let shares = cost.byResource
        let titleWidth = shares.map { resourceTitle($0.resource, plan).count }.max() ?? 0
        for share in shares {
            let items = cost.lines.filter { $0.resource == share.resource }.map {
                "\(Self.quantity($0.quantity)) \($0.item.label)"
            }
            let title =
                "  \(resourceTitle(share.resource, plan).padding(toLength: titleWidth, withPad: " ", startingAt: 0))  \(Self.dollars(share.monthly))/month, \(Self.dollars(CostEstimate.perDay(share.monthly)))/day"
            let detail = "(\(items.joined(separator: "; ")))"
            if let width, title.count + 2 + detail.count > width {
                // A table on a terminal: the figures, then what they are for beneath.
                lines.append(title)
                lines += wrapped(detail, .dim, first: "      ", rest: "       ")
            } else {
                lines.append(title + "  " + paint(detail, .dim))
            }
        }
        lines += wrapped(trafficLine(cost), rest: "  ")
        lines += wrapped("Prices: \(cost.prices.originDescription).", rest: "  ")
        if !cost.notIncluded.isEmpty {
            lines += wrapped(
                "Not included: \(cost.notIncluded.joined(separator: "; ")).", rest: "  ")
        }
        for overrun in cost.overCapacity {
            lines += wrapped("Capacity: \(overrun).", .yellow, rest: "  ")
        }
        return lines.joined(separator: "\n")
    }

    func costMarkdown(_ cost: CostEstimate, _ plan: Plan) -> String {
        var out =
            "**Estimated cost:** \(Self.dollars(cost.monthly))/month (\(Self.dollars(CostEstimate.perDay(cost.monthly)))/day) once applied; this plan changes it by \(Self.signedDollars(cost.change))/month.\n\n"
        out +=
            "| resource | billed for | quantity a month | unit price | a month |\n|---|---|---|---|---|\n"
        for line in cost.lines {
            out +=
                "| `\(resourceTitle(line.resource, plan))` | \(line.item.label) | \(Self.quantity(line.quantity)) | \(String(format: "$%.4f", line.unitPrice)) | \(Self.dollars(line.monthly)) |\n"
        }
        out += "\n\(trafficLine(cost)) Prices: \(cost.prices.originDescription).\n"
        if !cost.notIncluded.isEmpty {
            out += "\nNot included: \(cost.notIncluded.joined(separator: "; ")).\n"
        }
        for overrun in cost.overCapacity { out += "\n> **Capacity:** \(overrun).\n" }
        return out
    }

    func costJSON(_ cost: CostEstimate) -> [String: Any] {
        let source: String
        switch cost.prices.origin {
        case .priceListAPI: source = "price_list_api"
        case .embedded: source = "embedded"
        }
        var object: [String: Any] = [
            "currency": "USD",
            "monthly": cost.monthly, "current_monthly": cost.currentMonthly,
            "change_monthly": cost.change,
            "traffic": [
                "records_per_second": cost.traffic.recordsPerSecond,
                "average_record_bytes": cost.traffic.averageRecordBytes,
                "origin": cost.traffic.origin,
            ],
            "prices": [
                "source": source, "region": cost.prices.region,
                "description": cost.prices.originDescription,
            ],
            "lines": cost.lines.map {
                [
                    "resource": $0.resource, "item": $0.item.rawValue, "quantity": $0.quantity,
                    "unit_price": $0.unitPrice, "monthly": $0.monthly,
                ] as [String: Any]
            },
        ]
        // Only when there is something: plans without it keep their shape.
        if !cost.notIncluded.isEmpty { object["not_included"] = cost.notIncluded }
        if !cost.overCapacity.isEmpty { object["over_capacity"] = cost.overCapacity }
        return object
    }
}
