import AWS
import Providers
import StackFile

/// Finds every resource carrying `streamstack:stack=<stack>`, so that one removed from the file
/// is deleted and nothing untagged is ever touched. Buckets and delivery streams come from the
/// tagging API, streams from ListStreams and their tags (the tagging API does not list them
/// everywhere), managed roles from their IAM path.
struct OwnedResourceDiscovery {
    let context: AWSContext

    struct Found: Hashable {
        var typeName: String
        var name: String
    }

    /// - Parameter known: streams whose tags were already read (declared ones), skipped here.
    func resources(ownedBy stack: String, skippingStreams known: Set<String>) async throws
        -> [Found]
    {
        async let tagged = ResourceGroupsTaggingClient(context).resourceARNs(
            taggedWith: Ownership.tagKey, value: stack, types: ["s3", "firehose"])
        async let roles = IAMClient(context).listRoleNames(
            pathPrefix: Ownership.rolePath(stack: stack))
        async let streams = ownedStreams(stack, skipping: known)
        var found: [Found] = []
        for arn in try await tagged {
            if arn.hasPrefix("arn:") && arn.contains(":s3:::") {
                found.append(
                    Found(typeName: "s3.bucket", name: String(arn.split(separator: ":").last ?? ""))
                )
            } else if let range = arn.range(of: ":deliverystream/") {
                found.append(
                    Found(
                        typeName: "firehose.delivery_stream", name: String(arn[range.upperBound...])
                    ))
            }
        }
        found += try await roles.map { Found(typeName: "iam.role", name: $0) }
        found += try await streams.map { Found(typeName: "kinesis.stream", name: $0) }
        return found
    }

    private func ownedStreams(_ stack: String, skipping known: Set<String>) async throws -> [String]
    {
        let kinesis = try KinesisClient(context)
        let names = try await kinesis.listStreams().filter { !known.contains($0) }
        return try await withThrowingTaskGroup(of: String?.self) { group in
            for name in names {
                group.addTask {
                    do {
                        return try await kinesis.listTags(stream: name)[Ownership.tagKey] == stack
                            ? name : nil
                    } catch let error as AWSError where error.code == "ResourceNotFoundException" {
                        return nil  // deleted meanwhile
                    }
                }
            }
            var owned: [String] = []
            for try await name in group { if let name { owned.append(name) } }
            return owned.sorted()
        }
    }
}
