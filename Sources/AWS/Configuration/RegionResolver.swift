/// Where the region comes from. A stack file that names its region is applied there and
/// nowhere else (a file in git records where its infrastructure lives, as a Terraform provider
/// block does): the environment and the profile cannot move it, and `--region` may only repeat
/// it. A file that leaves the region out takes it in the AWS CLI's order: `--region`,
/// AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`.
public enum RegionResolver {
    public struct Resolved: Sendable, Equatable {
        public var name: String
        /// Said in the plan's header: "the stack file", "AWS_REGION", ...
        public var origin: String

        public init(name: String, origin: String) {
            self.name = name
            self.origin = origin
        }
    }

    public static func resolve(
        commandLine: String?, environment: [String: String], profile: [String: String]?,
        stackFile: String?
    ) throws -> Resolved {
        if let stackFile, !stackFile.isEmpty {
            try check(stackFile, origin: "the stack file's region")
            if let commandLine, !commandLine.isEmpty, commandLine != stackFile {
                throw ConfigurationError(
                    "--region \(commandLine) differs from the stack file's region \(stackFile): a stack file that names its region is applied there only. Change `region:` in the file, or leave it out to choose the region when running"
                )
            }
            return Resolved(name: stackFile, origin: "the stack file")
        }
        let candidates: [(String?, String)] = [
            (commandLine, "--region"),
            (environment["AWS_REGION"], "AWS_REGION"),
            (environment["AWS_DEFAULT_REGION"], "AWS_DEFAULT_REGION"),
            (profile?["region"], "the profile's region"),
        ]
        for (value, origin) in candidates {
            guard let value, !value.isEmpty else { continue }
            try check(value, origin: origin)
            return Resolved(name: value, origin: origin)
        }
        throw ConfigurationError(
            "no region: add `region:` to the stack file, or pass --region, set AWS_REGION or give the profile a region"
        )
    }

    static func check(_ value: String, origin: String) throws {
        guard isRegionName(value) else {
            throw ConfigurationError(
                "\(origin) is '\(value)', which is not a region name such as sa-east-1")
        }
        guard Partition.knownRegions.contains(value) else {
            let area = value.split(separator: "-").dropLast().joined(separator: "-") + "-"
            let near = Partition.knownRegions.filter { $0.hasPrefix(area) }.sorted()
            throw ConfigurationError(
                "\(origin) is '\(value)': no such region"
                    + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: " or "))?"))
        }
    }

    static func isRegionName(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, Int(last) != nil else { return false }
        return parts.dropLast().allSatisfy {
            !$0.isEmpty && $0.allSatisfy { $0.isLowercase && $0.isLetter }
        }
    }
}
