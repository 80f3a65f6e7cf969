import Foundation

/// Sample JSON events shaped like the course's producer: an id, a timestamp and a few fields.
public struct SampleEvents: Sendable {
    static let tickers = ["AAPL", "AMZN", "MSFT", "INTC", "TBV"]
    static let kinds = ["view", "click", "purchase"]

    public init() {}

    public func event(number: Int, at date: Date = Date()) -> Data {
        let object: [String: Any] = [
            "event_id": UUID().uuidString.lowercased(),
            "event_time": ISO8601DateFormatter().string(from: date),
            "sequence": number,
            "event_type": Self.kinds.randomElement()!,
            "ticker": Self.tickers.randomElement()!,
            "price": (Double.random(in: 10...500) * 100).rounded() / 100,
        ]
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
