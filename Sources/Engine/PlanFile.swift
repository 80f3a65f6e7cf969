import AWS
import Foundation

/// A plan saved by `plan --out`: the plan, and what it was made from, so that `apply PLANFILE`
/// carries out what was reviewed or nothing.
///
/// Everything that decides what apply does (the stack file's text, the variables, the
/// resources to adopt, the region, the account and the plan itself) is in the file and covered
/// by `digest`, which `plan --out` prints: apply reads no stack file, so it works from any folder
/// and cannot be pointed at another file; it refuses a file whose digest does not match, and a
/// fresh plan that differs from the saved one in any resource, action or change. The digest
/// proves the file whole, not who wrote it: a reviewer passes the digest they approved to
/// `apply --plan-digest`.
public struct PlanFile: Codable, Sendable {
    public static let formatName = "streamstack-plan"
    public static let currentVersion = 3

    public var format: String
    public var version: Int
    /// Where the stack file was when the plan was made, for messages.
    public var stackPath: String
    /// The stack file's text, as planned.
    public var stackFile: String
    public var stackFileSHA256: String
    public var variables: [String: String]
    public var region: String
    public var accountID: String
    /// Ids given to `--adopt` (and those the journal claims), as planned.
    public var adopt: [String]
    public var plan: Plan
    /// SHA-256 over every field above.
    public var digest: String

    public init(stackPath: String, stackFile: String, variables: [String: String], plan: Plan) {
        format = Self.formatName
        version = Self.currentVersion
        self.stackPath = stackPath
        self.stackFile = stackFile
        stackFileSHA256 = HexDigest.sha256(Data(stackFile.utf8))
        self.variables = variables
        region = plan.region
        accountID = plan.accountID
        adopt = plan.resources.filter(\.adopting).map(\.id).sorted()
        self.plan = plan
        digest = ""
        digest = computedDigest()
    }

    /// The digest of the content as it stands (the stored `digest` left out).
    public func computedDigest() -> String {
        var unsigned = self
        unsigned.digest = ""
        return HexDigest.sha256(CanonicalJSON.data(unsigned))
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // It holds the variables, which may be secrets: owner-only, like a credentials cache.
        try PrivateFile.write(try encoder.encode(self), to: path)
    }

    /// Why a file cannot be read as a saved plan.
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// nil when the file is not a saved plan at all (a stack file, say); throws when it is one
    /// that cannot be trusted as written.
    public static func read(from path: String) throws -> PlanFile? {
        // A saved plan is the stack file and a plan: a few times a stack file's limit at most.
        let data: Data?
        do {
            data = try BoundedFile.contents(atPath: path, limit: 16 * 1024 * 1024)
        } catch {
            throw ReadError(description: "\(error): too large for a saved plan")
        }
        guard let data,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["format"] as? String == formatName
        else { return nil }
        guard object["version"] as? Int == currentVersion else {
            throw ReadError(
                description:
                    "\(path) was saved by another version of streamstack (plan format \(object["version"] ?? "?")); run plan again"
            )
        }
        let file: PlanFile
        do {
            file = try JSONDecoder().decode(PlanFile.self, from: data)
        } catch {
            throw ReadError(description: "\(path) is not a complete saved plan: \(error)")
        }
        guard file.digest == file.computedDigest() else {
            throw ReadError(
                description:
                    "\(path) was changed after plan wrote it (its digest does not match its content). Nothing was changed; run plan again"
            )
        }
        return file
    }

    /// Why the plan can no longer be applied as it stands, or nil when it still can: a fresh
    /// plan, made with the saved variables and adopt set, must be the saved one.
    public func staleness(stackFileSHA256 current: String, replanned: Plan) -> String? {
        if current != stackFileSHA256 {
            return "the stack file it carries does not match its digest"
        }
        if replanned.region != region {
            return
                "it was made for region \(region), and this run is in \(replanned.region) (check --region, AWS_REGION and the profile)"
        }
        if replanned.accountID != accountID {
            return
                "it was made for account \(accountID), and these credentials are for account \(replanned.accountID)"
        }
        return replanned.differences(
            from: plan, changed: "since the plan was saved", differs: "the saved one")
    }
}
