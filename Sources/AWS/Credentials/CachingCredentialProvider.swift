import Foundation

/// Resolves credentials once and keeps them until five minutes before they expire; callers
/// arriving during a refresh share it.
public actor CachingCredentialProvider: CredentialProvider {
    private let source: any CredentialProvider
    private let refreshMargin: TimeInterval
    private var cached: AWSCredentials?
    private var refreshing: Task<AWSCredentials?, Error>?

    public init(_ source: any CredentialProvider, refreshMargin: TimeInterval = 300) {
        self.source = source
        self.refreshMargin = refreshMargin
    }

    public nonisolated var lookedFor: String { source.lookedFor }

    public func credentials() async throws -> AWSCredentials? {
        if let cached, !cached.expires(within: refreshMargin) { return cached }
        if let refreshing { return try await refreshing.value }
        let task = Task { [source] in try await source.credentials() }
        refreshing = task
        defer { refreshing = nil }
        let fresh = try await task.value
        cached = fresh
        return fresh
    }
}
