/// What kind of failure an AWS error is, so that callers ask instead of comparing codes.
extension AWSError {
    /// The resource does not exist (any service's way of saying so).
    public var isNotFound: Bool {
        [
            "ResourceNotFoundException", "NoSuchEntity", "NoSuchBucket",
            "EntityNotFoundException",
        ].contains(code)
    }

    /// The resource is busy with another change, or (Kinesis, Firehose) in a state that does
    /// not allow this one: waiting may help.
    public var isInUse: Bool {
        ["ResourceInUseException", "ConcurrentModificationException"].contains(code)
    }

    /// A LimitExceededException that is an account quota (shards per region, reshards per
    /// day, streams creating at once), not a rate: retrying soon cannot help. Kinesis says
    /// "Rate exceeded" when it throttles.
    public var isAccountQuota: Bool {
        guard code == "LimitExceededException", !isCreatingLimit else { return false }
        let text = message.lowercased()
        return !text.isEmpty && !text.contains("rate exceeded") && !text.contains("throttl")
    }
}

extension AWSError {
    /// Kinesis's CreateStream refusal while more than five streams of the account are CREATING
    /// (botocore's kinesis model, CreateStream): it passes as they become ACTIVE.
    public var isCreatingLimit: Bool {
        code == "LimitExceededException" && message.lowercased().contains("creating")
    }
}

/// What `body` returns, or nil when AWS answers that the resource does not exist.
public func nilIfNotFound<T>(_ body: () async throws -> T) async throws -> T? {
    do {
        return try await body()
    } catch let error as AWSError where error.isNotFound {
        return nil
    }
}
