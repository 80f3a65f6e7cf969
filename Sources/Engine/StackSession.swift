import AWS
import Foundation
import Kinds
import Providers
import StackFile

/// A stack file loaded, validated, resolved against the account, with providers ready: what
/// every command that talks to AWS starts from.
public struct StackSession: Sendable {
    public var document: StackDocument
    public var stack: ResolvedStack
    public var providers: ProviderSet
    /// The stack file's text as loaded, which a saved plan carries.
    public var text: String
    /// SHA-256 of the stack file's bytes, for saved plans.
    public var fileDigest: String
    /// Creates that were started but not yet tagged.
    public var journal: CreationJournal
    /// Reads made while the account was being asked for, for the first plan.
    let earlyReads: EarlyReads?
    /// The caller's ARN, as STS names it: who holds the stack's lock.
    public var caller: String
    /// Where apply and destroy keep the stack's lock.
    public var lockBucket: LockBucket

    /// Loads and checks the file offline, then asks STS whose account the credentials belong to.
    /// - Parameter readEarly: start the first plan's reads that need no account id alongside
    ///   the identity call (for commands that plan).
    public static func open(
        path: String, variables: [String: String], settings: AWSSettings, waiter: Waiter = Waiter(),
        readEarly: Bool = true
    ) async throws -> StackSession {
        try await open(
            .file(path), variables: variables, settings: settings, waiter: waiter,
            readEarly: readEarly)
    }

    /// Where a stack file comes from.
    public enum Source: Sendable {
        case file(String)
        /// The text a saved plan carries; `name` is the path it was planned from, for messages.
        case text(String, name: String)
    }

    public static func open(
        _ source: Source, variables: [String: String], settings: AWSSettings,
        waiter: Waiter = Waiter(), readEarly: Bool = true
    ) async throws -> StackSession {
        let (text, path): (String, String)
        switch source {
        case .file(let file): (text, path) = (try StackLoader.readText(file), file)
        case .text(let given, let name): (text, path) = (given, name)
        }
        let document = try StackLoader.load(
            text: text, file: path,
            options: ValidationOptions(
                variables: variables, region: settings.region, knownRegions: Partition.knownRegions)
        )
        let context = try settings.context(stackRegion: document.region)
        let sts = try STSClient(context)
        // One identity call: the bucket reads that start early wait for its account.
        let identityCall = Task { try await sts.getCallerIdentity() }
        let providers = try ProviderSet(
            context: context, waiter: waiter,
            streamDiscovery: try StreamDiscovery(environment: settings.environment),
            bucketOwner: ExpectedBucketOwner { try await identityCall.value.account })
        let early =
            readEarly
            ? EarlyReads(document: document, providers: providers, region: context.region) : nil
        let identity: STSClient.CallerIdentity
        do {
            identity = try await identityCall.value
        } catch {
            early?.cancel()
            throw error
        }
        let partition = ARN(identity.arn)?.partition ?? "aws"
        let stack = try document.resolve(
            ResolutionContext(
                accountID: identity.account, region: context.region, partition: partition))
        return StackSession(
            document: document, stack: stack, providers: providers, text: text,
            fileDigest: HexDigest.sha256(Data(text.utf8)),
            journal: CreationJournal(
                stateDirectory: CreationJournal.defaultStateDirectory(
                    environment: settings.environment),
                stack: stack.name, accountID: identity.account, region: context.region),
            earlyReads: early, caller: identity.arn,
            lockBucket: LockBucket(
                document: document, accountID: identity.account, region: context.region,
                environment: settings.environment))
    }

    public func plan(_ mode: Planner.Mode = .apply(adopt: [])) async throws -> PlannedStack {
        // Checked alongside the reads: a destroy needs no function.
        let functions = TransformationFunctions(lambda: try LambdaClient(providers.context))
        async let checked: (errors: [Diagnostic], warnings: [String]) = {
            guard case .apply = mode else { return ([], []) }
            return try await functions.check(stack, document: document)
        }()
        var planned: PlannedStack
        // Each plan asks the tagging API afresh: one planned again under the lock must see
        // what another run did meanwhile.
        defer { providers.forgetTaggingAnswers() }
        do {
            planned = try await Planner(providers: providers, journal: journal)
                .plan(stack, mode: mode, earlyReads: earlyReads)
        } catch let foreign as BucketOfAnotherAccount {
            throw StackFileError([Diagnostic(bucketLocation(foreign.name), foreign.description)])
        }
        let functionCheck = try await checked
        if !functionCheck.errors.isEmpty { throw StackFileError(functionCheck.errors) }
        if !functionCheck.warnings.isEmpty {
            planned.plan.warnings = (planned.plan.warnings ?? []) + functionCheck.warnings
        }
        planned.plan.regionOrigin = providers.context.regionOrigin
        if planned.plan.hasChanges, lockBucket.isDefault,
            try await !lockBucket.exists(providers.provider(BucketKind.self).s3)
        {
            planned.plan.notes = [
                "apply creates the bucket \(lockBucket.name) for the stack's lock (once per account and region: private, encrypted, with a lifecycle rule)"
            ]
        }
        // What validation warned of goes with the plan that would make it so.
        if case .apply = mode, !document.warnings.isEmpty {
            planned.plan.warnings =
                document.warnings.map { "\($0.location): \($0.message)" }
                + (planned.plan.warnings ?? [])
        }
        return planned
    }

    /// Where the file names the bucket: its `name` value, else the resource.
    func bucketLocation(_ name: String) -> SourceLocation {
        guard
            let resource = stack.resources.first(where: {
                $0.type == .bucket && $0.spec.name == name
            })
        else { return SourceLocation(file: document.file, line: 1, column: 1) }
        let value = document.resource(resource.id)?.properties[BucketFields.name]?.scalar
        return value?.textStart ?? resource.location
    }

    /// The day's prices of the stack's region (the Price List API, else the embedded table).
    public func prices() async -> PriceSheet {
        await PriceSource(
            context: providers.context,
            cacheDirectory: PriceSource.defaultCacheDirectory(
                environment: providers.context.endpoints.environment)
        ).sheet(region: stack.context.region)
    }

    /// What the stack costs a month after the plan, and what it costs now.
    public func estimate(_ planned: PlannedStack, prices: PriceSheet, traffic: Traffic?)
        -> CostEstimate
    {
        let sides = CostEstimator.Pipeline.sides(of: planned)
        return CostEstimator(prices: prices, traffic: traffic ?? document.traffic ?? .assumed)
            .estimate(after: sides.after, before: sides.before)
    }

    /// The stack's lock in its bucket.
    public var lock: StackLock {
        StackLock(
            s3: providers.provider(BucketKind.self).s3, bucket: lockBucket.name,
            stack: stack.name, accountID: stack.context.accountID,
            region: stack.context.region)
    }

    /// Takes the stack's lock (creating the default bucket on first use), runs `body` and gives
    /// the lock back, also when `body` fails.
    public func holdingLock<T: Sendable>(
        command: String, timeout: Duration, progress: @escaping @Sendable (String) -> Void,
        _ body: (StackLock.Held) async throws -> T
    ) async throws -> T {
        let s3 = providers.provider(BucketKind.self).s3
        if try await !lockBucket.exists(s3) {
            progress("creating the bucket \(lockBucket.name) for the stack's lock")
            try await lockBucket.create(
                s3, tags: document.tags, progress: NotedProgress(tell: progress))
        }
        let lock = self.lock
        let held = try await lock.acquire(
            StackLock.Holder(caller: caller, command: command), timeout: timeout,
            progress: progress)
        let result: T
        do {
            result = try await body(held)
        } catch {
            _ = try? await lock.release(held)
            throw error
        }
        do {
            if try await !lock.release(held) {
                progress("the lock was no longer this run's (removed by unlock?): left as it is")
            }
        } catch {
            throw LockNotReleased(location: lock.location, cause: error)
        }
        return result
    }
}

/// The run finished, but its lock could not be given back.
public struct LockNotReleased: Error, Sendable, CustomStringConvertible {
    public var location: String
    public var cause: any Error
    public var description: String {
        "the run finished, but its lock (\(location)) could not be released: \(cause). Remove it with: streamstack unlock STACK"
    }
}

/// Progress told through a function (the command line's standard error).
struct NotedProgress: ProgressReporter {
    let tell: @Sendable (String) -> Void
    func note(_ message: String) { tell(message) }
}
