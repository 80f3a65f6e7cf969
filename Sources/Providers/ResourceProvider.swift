import AWS
import Foundation
import StackFile

/// Knows one resource type: reads it from AWS in the stack's terms, and creates, updates and
/// deletes it, waiting until AWS is done. The engine holds providers through
/// `AnyResourceProvider`.
public protocol ResourceProvider: Sendable {
    associatedtype Spec: TypedSpec
    /// Attributes whose change AWS cannot make in place: the resource is replaced.
    var replacingAttributes: Set<String> { get }

    /// The attributes plans compare and show.
    func attributes(of spec: Spec) -> Attributes
    /// The live resource of this name, or nil when there is none.
    func read(_ desired: Spec) async throws -> LiveResource?
    func create(_ spec: Spec, progress: ProgressReporter) async throws
    /// - Parameter current: `live`'s spec.
    func update(
        _ spec: Spec, from current: Spec, live: LiveResource, progress: ProgressReporter
    ) async throws
    /// - Parameter current: `live`'s spec, with the file's word on deleting (force_destroy).
    func delete(_ current: Spec, live: LiveResource, progress: ProgressReporter) async throws
    /// When AWS created the resource of this name, for types whose creates are journaled;
    /// nil when unknown.
    func creationDate(name: String) async throws -> Date?
    /// The attributes that differ between the live resource's spec and the desired one.
    func changes(from current: Spec, to desired: Spec) -> [AttributeChange]
    /// What the user should read before applying: the file asks for something AWS will not
    /// do as written.
    func warnings(for desired: Spec, current: Spec?) -> [String]
    /// What deleting the resource would destroy or stumble on (a bucket's objects).
    func deletionWarnings(_ current: Spec) async throws -> [DeletionWarning]

    /// The resource of this name found by its ownership tag, or nil when there is none (or it
    /// lies outside the stack's region).
    func read(owned name: String) async throws -> LiveResource?
    /// The Resource Groups Tagging API's filter for this type (`firehose:deliverystream`);
    /// nil when that API cannot find it.
    var taggingAPIType: String? { get }
    /// The name of the resource a tagging API ARN stands for, when it is one of this type.
    func name(taggedAs arn: ARN) -> String?
    /// Names of the stack's resources of this type that the tagging API does not list: roles
    /// by their path, Glue tables by their parameters.
    func listOwned(_ search: OwnedSearch) async throws -> [String]
    /// Whether `listOwned` starts from what the tagging API found (Glue tables are looked for
    /// in the databases it found); the others run alongside the tagging API's call.
    var listsFromTagged: Bool { get }
}

/// What a search for a stack's resources knows before asking the types the tagging API cannot
/// list.
public struct OwnedSearch: Sendable {
    public var stack: String
    public var declared: [ResolvedResource]
    /// What the tagging API found, by type.
    public var tagged: [ResourceType: [String]]

    public init(stack: String, declared: [ResolvedResource], tagged: [ResourceType: [String]]) {
        self.stack = stack
        self.declared = declared
        self.tagged = tagged
    }
}

extension ResourceProvider {
    public var type: ResourceType { Spec.resourceType }

    public func creationDate(name: String) async throws -> Date? { nil }

    public func warnings(for desired: Spec, current: Spec?) -> [String] { [] }
    public func deletionWarnings(_ current: Spec) async throws -> [DeletionWarning] { [] }

    public var taggingAPIType: String? { nil }
    public func name(taggedAs arn: ARN) -> String? { nil }
    public func listOwned(_ search: OwnedSearch) async throws -> [String] { [] }
    public var listsFromTagged: Bool { false }

    public func changes(from current: Spec, to desired: Spec) -> [AttributeChange] {
        attributeChanges(from: current, to: desired)
    }

    /// The attributes that differ, compared one by one.
    public func attributeChanges(from current: Spec, to desired: Spec) -> [AttributeChange] {
        let old = attributes(of: current)
        let new = attributes(of: desired)
        var keys: [String] = new.map(\.key)
        for (key, _) in old where !keys.contains(key) { keys.append(key) }
        return keys.compactMap { key in
            let before = old[key]
            let after = new[key]
            guard before != after else { return nil }
            return AttributeChange(
                key: key, old: before, new: after,
                forcesReplacement: replacingAttributes.contains(key))
        }
    }
}

/// One attribute's old and new value.
public struct AttributeChange: Sendable, Equatable, Codable {
    public var key: String
    public var old: AttributeValue?
    public var new: AttributeValue?
    public var forcesReplacement: Bool

    public init(key: String, old: AttributeValue?, new: AttributeValue?, forcesReplacement: Bool) {
        self.key = key
        self.old = old
        self.new = new
        self.forcesReplacement = forcesReplacement
    }
}

/// What deleting a resource would destroy, or why it would fail.
public struct DeletionWarning: Sendable, Equatable {
    public var message: String
    /// The delete would fail as things stand (a bucket that holds objects, without
    /// force_destroy): known before anything is deleted.
    public var blocksDeletion: Bool

    public init(_ message: String, blocksDeletion: Bool = false) {
        self.message = message
        self.blocksDeletion = blocksDeletion
    }
}

/// Receives "still waiting" notes from long operations.
public protocol ProgressReporter: Sendable {
    func note(_ message: String)
}

public struct SilentProgress: ProgressReporter {
    public init() {}
    public func note(_ message: String) {}
}

/// A resource AWS will not let streamstack change, and why.
/// AWS refused the call that creates a resource: nothing was created, so there is nothing an
/// interrupted run could have left behind.
public struct CreateRefused: Error, Sendable, CustomStringConvertible {
    public var refusal: AWSError
    /// What the refusal means for the stack, when streamstack can say it better than AWS.
    public var explanation: (any Error & CustomStringConvertible)?
    public init(
        _ refusal: AWSError, because explanation: (any Error & CustomStringConvertible)? = nil
    ) {
        self.refusal = refusal
        self.explanation = explanation
    }
    public var description: String { explanation?.description ?? refusal.description }
}

/// Why a provider could not do what the plan asked, beyond AWS refusing the call itself (an
/// `AWSError`, or `CreateRefused` for a create).
public enum ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// AWS did not reach the awaited state in time.
    case timedOut(waitingFor: String, after: Duration)
    /// What AWS holds stands in the way: a bucket that is not empty, a stream with consumers, a
    /// resource deleted or failing meanwhile, one that is not provably the stack's. The
    /// message says what to do.
    case conflict(String)
    /// AWS refused part of the work with its code (one object of a bucket being emptied).
    case refused(what: String, code: String, message: String)
    /// A mistake in streamstack rather than in the file or in AWS.
    case internalError(String)

    public var description: String {
        switch self {
        case .timedOut(let awaited, let elapsed):
            "gave up waiting for \(awaited) after \(elapsed.readable)"
        case .conflict(let message): message
        case .refused(let what, let code, let message): "\(what): \(code) \(message)"
        case .internalError(let message): "internal error: \(message)"
        }
    }
}
