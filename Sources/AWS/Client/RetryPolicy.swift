import Synchronization

/// The SDKs' "standard" retry mode: bounded attempts, exponential backoff with full jitter, on
/// throttling, transient server errors and dropped connections, drawing on a retry budget so
/// that a failing service is not hammered.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public let budget: RetryBudget

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200),
        maxDelay: Duration = .seconds(20), budget: RetryBudget = RetryBudget()
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.budget = budget
    }

    /// Codes the SDKs treat as throttling.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]

    /// Codes of errors that pass by themselves.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
        "ServiceUnavailable", "InternalServerError", "InternalServiceError",
    ]

    public enum Decision: Equatable, Sendable {
        case doNotRetry
        /// `mayHaveHappened`: the failed attempt may have reached the service and acted.
        case retry(cost: Int, mayHaveHappened: Bool)
    }

    public static func decision(for error: Error) -> Decision {
        switch error {
        case let error as AWSError:
            if error.isAccountQuota { return .doNotRetry }
            if throttlingCodes.contains(error.code) {
                return .retry(cost: 5, mayHaveHappened: false)
            }
            if transientCodes.contains(error.code) || [500, 502, 503, 504].contains(error.status) {
                return .retry(cost: 5, mayHaveHappened: error.status >= 500)
            }
            return .doNotRetry
        case let error as TransportError:
            switch error.kind {
            case .timedOut: return .retry(cost: 10, mayHaveHappened: true)
            case .connectionLost: return .retry(cost: 5, mayHaveHappened: true)
            case .cannotConnect: return .retry(cost: 5, mayHaveHappened: false)
            case .hostNotFound, .other: return .doNotRetry
            }
        default:
            return .doNotRetry
        }
    }

    /// Full jitter: a random delay between 0 and min(maxDelay, base × 2^attempt).
    public func delay(beforeRetry attempt: Int) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(attempt, 20)))
        let fraction = Double.random(in: 0...1)
        return ceiling * fraction
    }
}

/// A token bucket shared by every client of one run: each retry spends tokens, each success
/// returns one. When it is empty, errors are returned instead of retried.
public final class RetryBudget: Sendable {
    private let tokens: Mutex<Int>
    public let capacity: Int

    public init(capacity: Int = 500) {
        self.capacity = capacity
        tokens = Mutex(capacity)
    }

    public func withdraw(_ cost: Int) -> Bool {
        tokens.withLock { available in
            guard available >= cost else { return false }
            available -= cost
            return true
        }
    }

    public func refund(_ amount: Int = 1) {
        tokens.withLock { $0 = min(capacity, $0 + amount) }
    }

}
