import Foundation
import Pipeline

/// A duration given on the command line (90s, 15m, 2h, 1d), as `watch --since` reads one.
enum DurationArgument {
    /// Its seconds; nil for a moment (an ISO 8601 time), for less than `least` or more than
    /// `most` seconds.
    static func seconds(_ text: String, least: Double = 0, most: Double) -> Double? {
        guard !text.contains("T"),
            let start = WatchStart.parse(text, now: Date(timeIntervalSince1970: 0))
        else { return nil }
        let seconds = -start.timeIntervalSince1970
        return (least...most).contains(seconds) ? seconds : nil
    }
}
