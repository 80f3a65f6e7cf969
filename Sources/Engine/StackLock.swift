import AWS
import Foundation
import Providers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lock `apply` and `destroy` take on a stack, account and region: an S3 object written
/// only if none exists (S3 conditional writes, `If-None-Match: *`), holding who holds it, and
/// deleted only while it is still that object (`If-Match`). Two runs of one stack never change
/// AWS at once; the second says who holds the lock, or waits for it.
public struct StackLock: Sendable {
    /// Who holds the lock: the JSON the object holds.
    public struct Holder: Codable, Sendable, Equatable {
        /// This run's own id: a lost answer to the write is told apart from another's lock.
        public var id: String
        /// The caller's ARN, as STS names it.
        public var caller: String
        public var host: String
        public var processID: Int32
        /// `apply`, `destroy`, `apply PLANFILE`.
        public var command: String
        public var since: Date

        public init(caller: String, command: String, now: Date = Date()) {
            id = UUID().uuidString
            self.caller = caller
            host = ProcessInfo.processInfo.hostName
            processID = ProcessInfo.processInfo.processIdentifier
            self.command = command
            since = now
        }

        public var description: String {
            "\(caller) on \(host) (\(command), pid \(processID), since \(ISO8601DateFormatter().string(from: since)))"
        }
    }

    /// The lock as it is held: the object's ETag proves it is still this run's.
    public struct Held: Sendable {
        public var holder: Holder
        public var etag: String
    }

    /// Another run holds the lock.
    public struct Taken: Error, Sendable, CustomStringConvertible {
        public var stack: String
        /// nil when the object could not be read (it went away, or is not a lock).
        public var holder: Holder?
        public var location: String
        public var waited: Duration?

        public var description: String {
            let who = holder?.description ?? "another run"
            let after = waited.map { " after waiting \($0.readable)" } ?? ""
            return
                "stack \(stack) is locked by \(who)\(after); nothing was changed. Wait for that run (or pass --lock-timeout 10m to wait), or, if it is gone, remove its lock with: streamstack unlock STACK (the lock is \(location))"
        }
    }

    public let s3: S3Client
    public let bucket: String
    public let key: String
    public let stack: String

    /// One object per stack, account and region, so that one bucket can hold every lock.
    public init(s3: S3Client, bucket: String, stack: String, accountID: String, region: String) {
        self.s3 = s3
        self.bucket = bucket
        self.stack = stack
        key = "streamstack/locks/\(accountID)/\(region)/\(stack).json"
    }

    public var location: String { "s3://\(bucket)/\(key)" }

    /// Takes the lock, waiting up to `timeout` for another run's to go.
    public func acquire(
        _ holder: Holder, timeout: Duration = .zero, pause: Duration = .seconds(2),
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> Held {
        let clock = ContinuousClock()
        let start = clock.now
        var told = false
        while true {
            if let held = try await attempt(holder) { return held }
            let current = try await self.current()
            // A write whose answer was lost, retried: the object is this run's own.
            if let current, current.holder?.id == holder.id, let owned = current.holder {
                return Held(holder: owned, etag: current.etag)
            }
            // A run of this machine that no longer runs (killed) cannot give its lock back.
            if let current, let stale = current.holder, stale.host == holder.host,
                stale.processID == holder.processID || !Self.isRunning(stale.processID)
            {
                if try await remove(etag: current.etag) {
                    progress(
                        "took over the lock of \(stale.description), which no longer runs on this machine"
                    )
                }
                continue
            }
            let waited = clock.now - start
            guard waited < timeout else {
                throw Taken(
                    stack: stack, holder: current?.holder, location: location,
                    waited: timeout > .zero ? waited : nil)
            }
            if !told {
                progress(
                    "waiting for the lock held by \(current?.holder?.description ?? "another run")")
                told = true
            }
            try await Task.sleep(for: min(pause, timeout - waited))
        }
    }

    /// One conditional write; nil when an object holds the key.
    private func attempt(_ holder: Holder) async throws -> Held? {
        let body = try Self.encoder.encode(holder)
        for _ in 0..<5 {
            do {
                guard let etag = try await s3.putObjectIfAbsent(bucket, key: key, body: body)
                else { return nil }
                return Held(holder: holder, etag: etag)
            } catch let error as AWSError where error.code == "ConditionalRequestConflict" {
                // Another conditional write to the key is under way: S3 says to try again.
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        return nil
    }

    /// The lock's object as it is now: its holder (nil when it is not a lock this version
    /// reads) and ETag; nil when no run holds the lock.
    public func current() async throws -> (holder: Holder?, etag: String)? {
        guard let (body, etag) = try await s3.objectWithETag(bucket, key: key) else { return nil }
        return (try? Self.decoder.decode(Holder.self, from: body), etag)
    }

    /// Gives the lock back; false when the object is no longer this run's (someone ran
    /// `unlock` and another run took it), which is then left alone.
    @discardableResult
    public func release(_ held: Held) async throws -> Bool {
        try await s3.deleteObject(bucket, key: key, ifMatch: held.etag)
    }

    /// Removes the lock whose object has this ETag (`unlock`); false when it changed meanwhile.
    public func remove(etag: String) async throws -> Bool {
        try await s3.deleteObject(bucket, key: key, ifMatch: etag)
    }

    /// Whether a process of this machine runs under this id (signal 0 checks without sending;
    /// EPERM means it runs as another user).
    static func isRunning(_ processID: Int32) -> Bool {
        kill(processID, 0) == 0 || errno == EPERM
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
