/// The region in the AWS CLI's order, with the stack file as the last word:
/// `--region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`, the stack file.
public enum RegionResolver {
    public static func resolve(
        commandLine: String?, environment: [String: String], profile: [String: String]?,
        stackFile: String?
    ) throws -> String {
        let candidates: [(String?, String)] = [
            (commandLine, "--region"),
            (environment["AWS_REGION"], "AWS_REGION"),
            (environment["AWS_DEFAULT_REGION"], "AWS_DEFAULT_REGION"),
            (profile?["region"], "the profile's region"),
            (stackFile, "the stack file's region"),
        ]
        for (value, origin) in candidates {
            guard let value, !value.isEmpty else { continue }
            guard isRegionName(value) else {
                throw ConfigurationError(
                    "\(origin) is '\(value)', which is not a region name such as sa-east-1")
            }
            return value
        }
        throw ConfigurationError(
            "no region: pass --region, set AWS_REGION, give the profile a region, or add `region:` to the stack file"
        )
    }

    static func isRegionName(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, Int(last) != nil else { return false }
        return parts.dropLast().allSatisfy {
            !$0.isEmpty && $0.allSatisfy { $0.isLowercase && $0.isLetter }
        }
    }
}
