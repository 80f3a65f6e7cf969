import Foundation
import Kinds
import StackFile

/// A valid stack that tests break one rule at a time.
let validStack = """
    stack: demo
    region: sa-east-1
    resources:
      stream1:
        type: kinesis.stream
        properties:
          shards: 1
      landing:
        type: s3.bucket
        properties:
          name: demo-${aws.account_id}
      delivery:
        type: firehose.delivery_stream
        properties:
          source: { kinesis_stream: "${stream1.arn}" }
          s3:
            bucket: ${landing.arn}
    """

func load(_ yaml: String, variables: [String: String] = [:]) -> Result<
    StackDocument, StackFileError
> {
    Result { () throws(StackFileError) in
        try StackLoader.load(
            text: yaml, file: "t.yaml", options: ValidationOptions(variables: variables))
    }
}

func diagnostics(_ yaml: String, variables: [String: String] = [:]) -> [Diagnostic] {
    switch load(yaml, variables: variables) {
    case .success: return []
    case .failure(let error): return error.diagnostics
    }
}

/// A stack whose delivery stream's `s3:` block gets `s3Lines` (written unindented) after
/// its `bucket:` line, which is line 14; the first added line is line 15, at column 9.
func deliveryStack(_ s3Lines: String) -> String {
    let s3Body = s3Lines.split(separator: "\n", omittingEmptySubsequences: false)
        .map { "        " + $0 }.joined(separator: "\n")
    return """
        stack: demo
        resources:
          stream1:
            type: kinesis.stream
            properties: { shards: 1 }
          landing:
            type: s3.bucket
            properties: { name: demo-landing-bucket }
          delivery:
            type: firehose.delivery_stream
            properties:
              source: { kinesis_stream: "${stream1.arn}" }
              s3:
                bucket: ${landing.arn}
        \(s3Body)
        """
}

/// The valid stack with a `monitoring` section of these lines (each indented two spaces),
/// starting at line 3.
func monitored(_ lines: String) -> String {
    validStack.replacingOccurrences(
        of: "region: sa-east-1\n", with: "region: sa-east-1\nmonitoring:\n\(lines)\n")
}
