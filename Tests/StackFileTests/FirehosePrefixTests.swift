import Kinds
import Testing

/// One reading of a Firehose prefix for validation, the Glue table and `watch`.
struct FirehosePrefixTests {
    @Test func theFixedPartListsDeliveriesAndTheFolderLocatesTheTable() {
        let dated = FirehosePrefix("logs-!{timestamp:yyyy}/!{partitionKeyFromQuery:customer}/")
        // Every delivered key starts with `logs-`; the table's folder is the bucket's root.
        #expect(dated.fixedPart == "logs-")
        #expect(dated.folder == "")
        let nested = FirehosePrefix("raw/year=!{timestamp:yyyy}/")
        #expect(nested.fixedPart == "raw/year=")
        #expect(nested.folder == "raw/")
        let plain = FirehosePrefix("raw/events")
        #expect(!plain.hasExpressions)
        #expect(plain.fixedPart == "raw/events")
        #expect(plain.folder == "raw/events")
    }

    @Test func expressionsAreReadWithTheirNamespacesValuesAndOffsets() {
        let prefix = FirehosePrefix(
            "a/!{partitionKeyFromQuery:customer}/!{timestamp:HH}/!{partitionKeyFromQuery:region}/")
        #expect(prefix.partitionKeysFromQuery == ["customer", "region"])
        #expect(
            prefix.expressions.map(\.namespace) == [
                "partitionKeyFromQuery", "timestamp", "partitionKeyFromQuery",
            ])
        #expect(prefix.expressions.first?.offset == 2)
        #expect(prefix.expressions[1].value == "HH")
        #expect(prefix.unclosedOffset == nil)
        #expect(
            FirehosePrefix("e/!{firehose:error-output-type}/").contains(
                "firehose:error-output-type"))
    }

    @Test func anUnclosedExpressionEndsTheReading() {
        let prefix = FirehosePrefix("a/!{timestamp:yyyy}/b/!{firehose:random-string")
        #expect(prefix.expressions.map(\.body) == ["timestamp:yyyy"])
        #expect(prefix.unclosedOffset == 22)
        #expect(FirehosePrefix("!{").expressions.isEmpty)
        #expect(FirehosePrefix("x!{}").expressions.first?.namespace == "")
    }
}
