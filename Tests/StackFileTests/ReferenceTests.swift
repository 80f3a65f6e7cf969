import StackFile
import Testing

/// `${...}` parsed once into a `Reference` and evaluated by one function, whatever the stage.
struct ReferenceTests {
    @Test func expressionsParseToWhatTheyName() {
        #expect(Reference.parse("aws.account_id") == .success(.accountID))
        #expect(Reference.parse("aws.region") == .success(.region))
        #expect(Reference.parse("aws.partition") == .success(.partition))
        #expect(Reference.parse("stack.name") == .success(.stackName))
        #expect(Reference.parse("var.env") == .success(.variable("env")))
        #expect(
            Reference.parse("landing.arn") == .success(.attribute(resource: "landing", name: "arn"))
        )
        #expect(Reference.parse("aws.partiton") == .failure(.unknownAWS("partiton")))
        #expect(Reference.parse("stack.id") == .failure(.unknownStack("id")))
        #expect(Reference.parse("landing") == .failure(.malformed))
        #expect(Reference.parse("a.b.c") == .failure(.malformed))
    }

    @Test func anUnknownBuiltInRendersNothing() throws {
        let values = ReferenceValues(
            accountID: "210987654321", region: "sa-east-1", partition: "aws", stackName: "demo",
            variables: ["env": "dev"])
        let known = try Interpolation.parse("${stack.name}-${var.env}-${aws.region}").get()
        #expect(known.rendered(with: values) == "demo-dev-sa-east-1")
        // Once, an unknown `aws.*` quietly became the partition.
        let unknown = try Interpolation.parse("x-${aws.partiton}").get()
        #expect(unknown.rendered(with: values) == nil)
        let offline = try Interpolation.parse("${landing.arn}").get()
        #expect(offline.rendered(with: values) == nil)
    }

    @Test func validationNamesTheUnknownBuiltInAndAsksNothingMore() {
        let found = diagnostics(
            validStack.replacingOccurrences(of: "shards: 1", with: "shards: ${aws.shards}"))
        #expect(
            found.map(\.message) == [
                "unknown built-in 'aws.shards'; aws has account_id, region, partition"
            ])
    }
}
