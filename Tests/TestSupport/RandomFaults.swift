import Foundation
import Synchronization

extension FaultProxy {
    /// A rule that hits `rate` of all requests, chosen by a seeded generator, with throttling,
    /// a 500, a 503 SlowDown, a dropped connection or a lost answer.
    public static func randomFaults(rate: Double, seed: UInt64) -> @Sendable (Request) -> Fault {
        let random = Mutex(SeededGenerator(seed: seed))
        return { _ in
            random.withLock { generator -> Fault in
                guard Double.random(in: 0..<1, using: &generator) < rate else { return .forward }
                switch Int.random(in: 0..<5, using: &generator) {
                case 0:
                    return .respond(
                        status: 400, headers: ["Content-Type": "text/xml"],
                        body:
                            "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"
                    )
                case 1: return .respond(status: 500, headers: [:], body: "")
                case 2:
                    return .respond(
                        status: 503, headers: ["Content-Type": "application/xml"],
                        body:
                            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
                    )
                case 3: return .dropConnection
                default: return .forwardAndLoseAnswer
                }
            }
        }
    }
}
