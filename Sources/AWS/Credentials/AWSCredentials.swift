import Foundation
import SigV4

/// Credentials with where they came from and, for temporary ones, when they expire.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    public var expiration: Date?
    /// Where they were found, for messages: "environment", "profile 'dev'", ...
    public var source: String

    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil,
        expiration: Date? = nil, source: String
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    public var signing: SigningCredentials {
        SigningCredentials(
            accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }

    /// True when they expire within `margin` of `now`.
    public func expires(within margin: TimeInterval, of now: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }
}

/// One place credentials may come from.
public protocol CredentialProvider: Sendable {
    /// nil when this source has nothing to offer (the chain goes on); throws when the source is
    /// configured but broken (the chain stops: the user meant this source).
    func credentials() async throws -> AWSCredentials?
    /// What this provider looks for, in words, for "no credentials found" messages.
    var lookedFor: String { get }
}

/// A credential source that exists but could not give credentials.
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Fixed credentials (tests, and keys found in a file).
public struct StaticCredentialProvider: CredentialProvider {
    public var value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() async throws -> AWSCredentials? { value }
    public var lookedFor: String { value.source }
}
