import Foundation
import Kinds
import Providers
import StackFile
import Testing

/// The registry is the one list of kinds: what the language, the schema and the engine know.
struct ResourceKindsTests {
    @Test func everyKindIsRegisteredOnceAndTheLanguageDeclaresTheFilesKinds() {
        let types = ResourceKinds.all.map { $0.type }
        #expect(Set(types).count == types.count)
        #expect(
            ResourceKinds.language.resourceTypes.map(\.name) == [
                "kinesis.stream", "s3.bucket", "firehose.delivery_stream",
            ])
        for type in types { #expect(ResourceKinds.kind(of: type)?.type == type) }
        #expect(ResourceKinds.kind(of: ResourceType("sqs.queue")) == nil)
    }

    /// What `${ID.ATTRIBUTE}` may name (the schema, which validation checks references against)
    /// is what resolution fills in, for every kind a file declares.
    @Test func everyDeclaredResourceHasExactlyTheAttributesItsSchemaNames() throws {
        let context = ResolutionContext(accountID: "123456789012", region: "sa-east-1")
        var seen: Set<String> = []
        for file in ["firehose-demo.yaml", "clickstream-parquet.yaml"] {
            let stack = try StackLoader.load(path: "\(packageRoot)/Stacks/\(file)")
                .resolve(context)
            for resource in stack.resources {
                guard
                    let schema = ResourceKinds.language.resourceTypes.first(where: {
                        $0.type == resource.type
                    })
                else { continue }
                seen.insert(schema.name)
                #expect(
                    Set(resource.attributes.keys) == Set(schema.attributes.keys),
                    "\(resource.id) (\(resource.type))")
            }
        }
        #expect(seen == Set(ResourceKinds.language.resourceTypes.map(\.name)))
    }

    /// Deleted in rank order: delivery streams first (they use the others), then roles, then
    /// Glue tables before their databases, then the rest.
    @Test func deletionRanksPutUsersBeforeWhatTheyUse() {
        #expect(ResourceType.deliveryStream.deletionRank < ResourceType.role.deletionRank)
        #expect(ResourceType.role.deletionRank < ResourceType.glueTable.deletionRank)
        #expect(ResourceType.glueTable.deletionRank < ResourceType.glueDatabase.deletionRank)
        #expect(ResourceType.glueDatabase.deletionRank < ResourceType.kinesisStream.deletionRank)
        #expect(ResourceType.bucket.isJournaled && ResourceType.kinesisStream.isJournaled)
        #expect(!ResourceType.deliveryStream.isJournaled && !ResourceType.role.isJournaled)
    }
}
