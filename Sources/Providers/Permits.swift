import Synchronization

/// A count of permits that tasks hold while they do something AWS allows only so many of at
/// once; the others wait their turn, in order.
package final class Permits: Sendable {
    private let state: Mutex<State>

    private struct State {
        var available: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    package init(_ count: Int) { state = Mutex(State(available: count)) }

    /// Runs `body` holding a permit.
    package func holding<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        try Task.checkCancellation()
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                guard state.available > 0 else {
                    state.waiting.append(continuation)
                    return false
                }
                state.available -= 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
