import StackFile

/// What a stack costs a month after the plan is applied, what it costs now, and how that was
/// worked out: plain data, rendered with the plan.
public struct CostEstimate: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        /// The resource id the cost belongs to.
        public var resource: String
        public var item: PriceItem
        public var quantity: Double
        public var unitPrice: Double
        public var monthly: Double
    }

    /// The stack as the plan leaves it.
    public var lines: [Line]
    public var monthly: Double
    /// The stack as it is in AWS now.
    public var currentMonthly: Double
    public var traffic: Traffic
    public var prices: PriceSheet
    /// What the stack makes others bill for, named rather than priced.
    public var notIncluded: [String] = []
    /// Streams the traffic the estimate assumes would overrun, with what they would need.
    public var overCapacity: [String] = []

    public var change: Double { monthly - currentMonthly }

    /// Each resource's share, in the order the lines name them.
    public var byResource: [(resource: String, monthly: Double)] {
        var order: [String] = []
        var totals: [String: Double] = [:]
        for line in lines {
            if totals[line.resource] == nil { order.append(line.resource) }
            totals[line.resource, default: 0] += line.monthly
        }
        return order.map { ($0, totals[$0] ?? 0) }
    }

    public static func perDay(_ monthly: Double) -> Double {
        monthly * 24 / CostEstimator.hoursPerMonth
    }
}
