import Synchronization

/// Tells of answers that are slow to come, at most once every `interval` for the whole run:
/// the calls in flight together are slow together, and one line says so.
public final class SlowCallNotices: Sendable {
    private let say: @Sendable (String) -> Void
    private let interval: Duration
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    public init(interval: Duration = .seconds(10), say: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.say = say
    }

    func notice(_ message: String) {
        let now = ContinuousClock.now
        let due = last.withLock { last -> Bool in
            if let previous = last, now - previous < interval { return false }
            last = now
            return true
        }
        if due { say(message) }
    }
}
