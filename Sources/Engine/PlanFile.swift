import Foundation

/// A plan saved by `plan --out`: the plan, and what it was made from, so that `apply PLANFILE`
/// can refuse it when the stack file or the live state changed since.
public struct PlanFile: Codable, Sendable {
    public static let formatName = "streamstack-plan"

    public var format: String
    public var version: Int
    public var stackPath: String
    public var stackFileSHA256: String
    public var variables: [String: String]
    public var region: String
    public var plan: Plan

    public init(stackPath: String, stackFileSHA256: String, variables: [String: String], plan: Plan)
    {
        format = Self.formatName
        version = 1
        self.stackPath = stackPath
        self.stackFileSHA256 = stackFileSHA256
        self.variables = variables
        region = plan.region
        self.plan = plan
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// nil when the file is not a saved plan (a stack file, say).
    public static func read(from path: String) -> PlanFile? {
        guard let data = FileManager.default.contents(atPath: path),
            let file = try? JSONDecoder().decode(PlanFile.self, from: data),
            file.format == formatName
        else { return nil }
        return file
    }

    /// Why the plan can no longer be applied as it stands, or nil when it still can.
    public func staleness(stackFileSHA256 current: String, replanned: Plan) -> String? {
        if current != stackFileSHA256 {
            return "the stack file \(stackPath) changed since the plan was saved"
        }
        if replanned.liveStateFingerprint != plan.liveStateFingerprint {
            let moved = zip(plan.resources, replanned.resources).filter {
                $0.0.id != $0.1.id || $0.0.action != $0.1.action || $0.0.changes != $0.1.changes
            }.map(\.0.id)
            return "the resources in AWS changed since the plan was saved"
                + (moved.isEmpty ? "" : " (\(moved.joined(separator: ", ")))")
        }
        return nil
    }
}
