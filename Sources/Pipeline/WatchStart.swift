import Foundation

/// Where `watch --since` starts: a duration back from now (`90s`, `5m`, `2h`, or seconds
/// alone) or a moment (ISO 8601, such as `2026-11-29T04:00:00Z`).
public enum WatchStart {
    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        if let moment = ISO8601DateFormatter().date(from: text) { return moment }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var number = Substring(text)
        var unit = 1.0
        if let last = text.last, let factor = units[last] {
            number = number.dropLast()
            unit = factor
        }
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        return now.addingTimeInterval(-value * unit)
    }
}
