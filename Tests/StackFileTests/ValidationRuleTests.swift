import Foundation
import Kinds
import StackFile
import Testing

/// One file per rule: each breaks exactly one rule and must get that rule's error, at the
/// right line and column.
struct ValidationRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // YAML itself
        Case(
            name: "syntax error", yaml: "stack: demo\nresources: [a, b\n", line: 3, column: 1,
            message: "invalid YAML"),
        Case(
            name: "tab indentation", yaml: "stack: demo\n\tresources: {}\n", line: 2, column: 1,
            message: "Tabs are not allowed for indentation in YAML: indent with spaces"),
        Case(
            name: "unquoted reference in a flow mapping",
            yaml:
                "stack: demo\nresources:\n  b:\n    type: s3.bucket\n    properties: { name: qa-${aws.account_id} }\n",
            line: 5, column: 29,
            message:
                "Inside { } a value that contains ${...} must be quoted, as in { name: \"qa-${aws.account_id}\" }"
        ),
        Case(name: "empty file", yaml: "", line: 1, column: 1, message: "the file is empty"),
        Case(
            name: "only a comment", yaml: "# nothing\n", line: 1, column: 1,
            message: "the file is empty"),
        Case(
            name: "top level is a list", yaml: "- a\n- b\n", line: 1, column: 1,
            message: "must be a mapping"),
        Case(
            name: "top level is a scalar", yaml: "hello\n", line: 1, column: 1,
            message: "must be a mapping"),
        Case(
            name: "duplicate key",
            yaml:
                "stack: demo\nresources:\n  a:\n    type: kinesis.stream\n  a:\n    type: s3.bucket\n",
            line: 5, column: 3, message: "duplicate key 'a' (first defined at line 3)"),
        Case(
            name: "NUL byte", yaml: "stack: demo\nresources:\u{0}\n", line: 2, column: 11,
            message: "NUL byte"),
        // Top level
        Case(
            name: "missing stack",
            yaml: "resources:\n  s:\n    type: kinesis.stream\n    properties: {shards: 1}\n",
            line: 1, column: 1, message: "missing required property 'stack'"),
        Case(
            name: "missing resources", yaml: "stack: demo\n", line: 1, column: 1,
            message: "missing required property 'resources'"),
        Case(
            name: "empty resources", yaml: "stack: demo\nresources: {}\n", line: 2, column: 1,
            message: "`resources` is empty"),
        Case(
            name: "resources is a list", yaml: "stack: demo\nresources: [a]\n", line: 2, column: 12,
            message: "'resources' must be a mapping, got a list"),
        Case(
            name: "misspelt top-level key", yaml: validStack + "\ntagz: {a: b}\n", line: 18,
            column: 1, message: "unknown key 'tagz' (did you mean 'tags'?)"),
        Case(
            name: "bad stack name",
            yaml: validStack.replacingOccurrences(of: "stack: demo", with: "stack: 1demo"), line: 1,
            column: 8, message: "'stack' must be a letter, then letters, digits and hyphens"),
        Case(
            name: "stack name too long",
            yaml: validStack.replacingOccurrences(
                of: "stack: demo", with: "stack: " + String(repeating: "a", count: 41)), line: 1,
            column: 8, message: "at most 40 characters"),
        Case(
            name: "bad region",
            yaml: validStack.replacingOccurrences(of: "sa-east-1", with: "Brazil"), line: 2,
            column: 9, message: "an AWS region such as sa-east-1"),
        Case(
            name: "reserved tag key", yaml: validStack + "\ntags: { 'aws:owner': me }\n", line: 18,
            column: 9,
            message: "tag key 'aws:owner': the aws: prefix is reserved for AWS's own tags"),
        Case(
            name: "tag value too long",
            yaml: validStack + "\ntags: { owner: \(String(repeating: "x", count: 257)) }\n",
            line: 18, column: 16, message: "at most 256 characters"),
        Case(
            name: "bad variable name", yaml: validStack + "\nvariables: { 1x: a }\n", line: 18,
            column: 14, message: "variable name '1x' must be a letter or _"),
        Case(
            name: "bad resource id",
            yaml: validStack.replacingOccurrences(of: "  landing:", with: "  land.ing:")
                .replacingOccurrences(of: "${landing.arn}", with: "x"), line: 8, column: 3,
            message: "resource id 'land.ing' must be a letter, then letters, digits, _ and -"),
        // Resources
        Case(
            name: "resource is a scalar", yaml: "stack: demo\nresources:\n  s: kinesis.stream\n",
            line: 3, column: 6, message: "must be a mapping with `type` and `properties`"),
        Case(
            name: "missing type", yaml: "stack: demo\nresources:\n  s:\n    properties: {}\n",
            line: 3, column: 3, message: "has no `type`"),
        Case(
            name: "unknown type",
            yaml: validStack.replacingOccurrences(of: "type: s3.bucket", with: "type: s3.bukcet"),
            line: 9, column: 11,
            message: "unknown resource type 's3.bukcet' (did you mean 's3.bucket'?)"),
        Case(
            name: "unknown resource key",
            yaml: validStack.replacingOccurrences(
                of: "    type: kinesis.stream", with: "    type: kinesis.stream\n    propertes: {}"),
            line: 6, column: 5, message: "unknown key 'propertes' (did you mean 'properties'?)"),
        Case(
            name: "properties is a list",
            yaml: "stack: demo\nresources:\n  s:\n    type: kinesis.stream\n    properties: [1]\n",
            line: 5, column: 17, message: "`properties` must be a mapping"),
        Case(
            name: "misspelt property",
            yaml: validStack.replacingOccurrences(of: "shards: 1", with: "shard: 1"), line: 7,
            column: 7, message: "unknown key 'shard' (did you mean 'shards'?)"),
        Case(
            name: "missing required property",
            yaml: validStack.replacingOccurrences(
                of: "      name: demo-${aws.account_id}", with: "      versioning: enabled"),
            line: 10, column: 5, message: "missing required property 'name'"),
        Case(
            name: "string given a mapping",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}", with: "name: {a: b}"), line: 11, column: 13,
            message: "'name' must be a string, got a mapping"),
        Case(
            name: "integer given text",
            yaml: validStack.replacingOccurrences(of: "shards: 1", with: "shards: one"), line: 7,
            column: 15, message: "'shards' must be an integer, got 'one'"),
        Case(
            name: "integer given a float",
            yaml: validStack.replacingOccurrences(of: "shards: 1", with: "shards: 1.5"), line: 7,
            column: 15, message: "must be an integer"),
        Case(
            name: "shards below 1",
            yaml: validStack.replacingOccurrences(of: "shards: 1", with: "shards: 0"), line: 7,
            column: 15, message: "'shards' must be between 1 and 10000, got 0"),
        Case(
            name: "retention below 24",
            yaml: validStack.replacingOccurrences(
                of: "shards: 1", with: "shards: 1\n      retention_hours: 12"), line: 8, column: 24,
            message: "'retention_hours' must be between 24 and 8760, got 12"),
        Case(
            name: "retention above 8760",
            yaml: validStack.replacingOccurrences(
                of: "shards: 1", with: "shards: 1\n      retention_hours: 8761"), line: 8,
            column: 24, message: "between 24 and 8760, got 8761"),
        Case(
            name: "boolean given yes",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}",
                with: "name: demo-bucket-1\n      force_destroy: yes"), line: 12, column: 22,
            message: "'force_destroy' must be true or false, got 'yes'"),
        Case(
            name: "enum misspelt",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}",
                with: "name: demo-bucket-1\n      versioning: enable"), line: 12, column: 19,
            message: "got 'enable' (did you mean 'enabled'?)"),
        Case(
            name: "mode misspelt",
            yaml: validStack.replacingOccurrences(
                of: "shards: 1", with: "shards: 1\n      mode: ondemand"), line: 8, column: 13,
            message: "(did you mean 'on-demand'?)"),
        Case(
            name: "stream name with a space",
            yaml: validStack.replacingOccurrences(
                of: "shards: 1", with: "shards: 1\n      name: my stream"), line: 8, column: 13,
            message: "'name' must be letters, digits, _ . and -"),
        Case(
            name: "delivery stream name too long",
            yaml: validStack.replacingOccurrences(
                of: "      source:",
                with: "      name: \(String(repeating: "d", count: 65))\n      source:"), line: 15,
            column: 13, message: "at most 64 characters"),
        // Kinesis rules
        Case(
            name: "provisioned without shards",
            yaml: validStack.replacingOccurrences(of: "shards: 1", with: "mode: provisioned"),
            line: 7, column: 7, message: "a provisioned stream needs 'shards'"),
        Case(
            name: "default mode without shards",
            yaml: validStack.replacingOccurrences(of: "shards: 1", with: "retention_hours: 24"),
            line: 6, column: 5, message: "a provisioned stream needs 'shards'"),
        Case(
            name: "on-demand with shards",
            yaml: validStack.replacingOccurrences(
                of: "shards: 1", with: "mode: on-demand\n      shards: 2"), line: 8, column: 7,
            message: "'shards' is not allowed with mode on-demand"),
        Case(
            name: "stream encryption without key",
            yaml: validStack.replacingOccurrences(
                of: "shards: 1", with: "shards: 1\n      encryption: {}"), line: 8, column: 19,
            message: "missing required property 'kms_key_id'"),
        // Bucket rules
        Case(
            name: "bucket name upper case",
            yaml: validStack.replacingOccurrences(
                of: "demo-${aws.account_id}", with: "Demo-Bucket"), line: 11, column: 13,
            message: "'name' must be lower-case letters"),
        Case(
            name: "bucket name too short",
            yaml: validStack.replacingOccurrences(of: "demo-${aws.account_id}", with: "ab"),
            line: 11, column: 13, message: "at least 3 characters"),
        Case(
            name: "bucket name too long with account id",
            yaml: validStack.replacingOccurrences(
                of: "demo-${aws.account_id}",
                with: String(repeating: "b", count: 51) + "-${aws.account_id}"), line: 11,
            column: 13, message: "at most 63 characters, got 64"),
        Case(
            name: "bucket name with two dots",
            yaml: validStack.replacingOccurrences(
                of: "demo-${aws.account_id}", with: "demo..bucket"), line: 11, column: 13,
            message: "two adjacent periods"),
        Case(
            name: "bucket name like an IP",
            yaml: validStack.replacingOccurrences(
                of: "demo-${aws.account_id}", with: "192.168.5.4"), line: 11, column: 13,
            message: "IP address"),
        Case(
            name: "bucket name xn--",
            yaml: validStack.replacingOccurrences(of: "demo-${aws.account_id}", with: "xn--demo"),
            line: 11, column: 13, message: "must not start with xn--"),
        Case(
            name: "acl with ACLs disabled",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}",
                with: "name: demo-bucket-1\n      acl: public-read"), line: 12, column: 12,
            message: "needs ACLs enabled"),
        Case(
            name: "kms key with sse-s3",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}",
                with: "name: demo-bucket-1\n      encryption: { type: sse-s3, kms_key_id: alias/x }"
            ), line: 12, column: 35, message: "'kms_key_id' applies only to encryption type sse-kms"
        ),
        Case(
            name: "public access block misspelt",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}",
                with: "name: demo-bucket-1\n      public_access_block: { block_public_acl: false }"),
            line: 12, column: 30, message: "(did you mean 'block_public_acls'?)"),
        Case(
            name: "public acl while public ACLs are blocked",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}",
                with:
                    "name: demo-bucket-1\n      object_ownership: object-writer\n      acl: authenticated-read"
            ), line: 13, column: 12,
            message:
                "AWS refuses public ACLs while public_access_block.block_public_acls is on (the default)"
        ),
        Case(
            name: "public-read-write without allow_public",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}",
                with:
                    "name: demo-bucket-1\n      object_ownership: object-writer\n      acl: public-read-write\n      public_access_block: { block_public_acls: false }"
            ), line: 13, column: 12,
            message:
                "lets anyone on the internet write to and delete from the bucket; if that is really meant, say so with allow_public: true"
        ),
        // Firehose rules
        Case(
            name: "missing s3", yaml: validStack.components(separatedBy: "      s3:")[0], line: 14,
            column: 5, message: "missing required property 's3'"),
        Case(
            name: "buffering size without interval",
            yaml: deliveryStack("buffering: { size_mb: 5 }"), line: 15, column: 20,
            message: "missing required property 'interval_seconds'"),
        Case(
            name: "buffering size above 128",
            yaml: deliveryStack("buffering: { size_mb: 129, interval_seconds: 60 }"), line: 15,
            column: 31, message: "'size_mb' must be between 1 and 128, got 129"),
        Case(
            name: "buffering interval above 900",
            yaml: deliveryStack("buffering: { size_mb: 5, interval_seconds: 901 }"), line: 15,
            column: 52, message: "'interval_seconds' must be between 0 and 900"),
        // What a delivery stream brings along
        Case(
            name: "duplicate column",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nformat_conversion:\n  output_format: parquet\n  schema:\n    database: db\n    table: t\n    columns:\n      - { name: id, type: string }\n      - { name: id, type: bigint }"
            ), line: 23, column: 25, message: "column 'id' is declared twice (first at line 22)"),
        Case(
            name: "malformed column type",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nformat_conversion:\n  output_format: parquet\n  schema:\n    database: db\n    table: t\n    columns:\n      - { name: props, type: \"map<string>\" }"
            ), line: 22, column: 39, message: "column type 'map<string>' is not a Glue type"),
        Case(
            name: "time zone that does not exist",
            yaml: deliveryStack("custom_time_zone: Mars/Olympus"), line: 15, column: 27,
            message: "custom_time_zone 'Mars/Olympus' is not a time zone"),
        Case(
            name: "unknown prefix expression",
            yaml: deliveryStack("prefix: raw/!{foo:bar}/\nerror_output_prefix: errors/"), line: 15,
            column: 21, message: "!{foo:bar} is not a Firehose expression"),
        Case(
            name: "error prefix without the error output type",
            yaml: deliveryStack(
                "prefix: raw/!{timestamp:yyyy}/\nerror_output_prefix: errors/!{timestamp:yyyy}/"),
            line: 16, column: 30, message: "must contain !{firehose:error-output-type}"),
        Case(
            name: "wildcard bucket",
            yaml: deliveryStack("").replacingOccurrences(
                of: "bucket: ${landing.arn}", with: "bucket: \"arn:aws:s3:::*\""), line: 14,
            column: 18, message: "'arn:aws:s3:::*' is a wildcard; name one ARN"),
        Case(
            name: "more than 50 tags after the stack's",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}",
                with: "name: demo-${aws.account_id}\n      tags: {"
                    + (1...20).map { "t\($0): v" }.joined(separator: ", ") + "}")
                + "\ntags: {" + (1...30).map { "s\($0): v" }.joined(separator: ", ") + "}\n",
            line: 12, column: 7,
            message:
                "this resource would carry 52 tags (20 of its own, 30 from the stack, 2 of streamstack's); AWS allows 50"
        ),
        Case(
            name: "compression misspelt", yaml: deliveryStack("compression: gzipp"), line: 15,
            column: 22, message: "(did you mean 'gzip'?)"),
        Case(
            name: "file extension without dot", yaml: deliveryStack("file_extension: json"),
            line: 15, column: 25, message: "'file_extension' must be a dot"),
        Case(
            name: "timestamp prefix without error prefix",
            yaml: deliveryStack("prefix: data/!{timestamp:yyyy}/"), line: 15, column: 9,
            message: "needs 'error_output_prefix' as well"),
        Case(
            name: "partition key without dynamic partitioning",
            yaml: deliveryStack("prefix: k=!{partitionKeyFromQuery:k}/\nerror_output_prefix: e/"),
            line: 15, column: 17, message: "dynamic_partitioning is not configured"),
        Case(
            name: "dynamic partitioning without buffering",
            yaml: deliveryStack(
                "prefix: k=!{partitionKeyFromQuery:k}/\nerror_output_prefix: e/\ndynamic_partitioning: { partition_keys: { k: .k } }"
            ), line: 17, column: 9,
            message: "'dynamic_partitioning' needs 'buffering' with size_mb of at least 64"),
        Case(
            name: "dynamic partitioning below 64 MiB",
            yaml: deliveryStack(
                "buffering: { size_mb: 32, interval_seconds: 60 }\nprefix: k=!{partitionKeyFromQuery:k}/\nerror_output_prefix: e/\ndynamic_partitioning: { partition_keys: { k: .k } }"
            ), line: 15, column: 31,
            message: "'size_mb' must be at least 64 with dynamic_partitioning, got 32"),
        Case(
            name: "dynamic partitioning with zero interval",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 0 }\nprefix: k=!{partitionKeyFromQuery:k}/\nerror_output_prefix: e/\ndynamic_partitioning: { partition_keys: { k: .k } }"
            ), line: 15, column: 53,
            message: "'interval_seconds' must be more than 0 with dynamic_partitioning"),
        Case(
            name: "dynamic partitioning without error prefix",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nprefix: k=!{partitionKeyFromQuery:k}/\ndynamic_partitioning: { partition_keys: { k: .k } }"
            ), line: 17, column: 9, message: "dynamic_partitioning needs 'error_output_prefix'"),
        Case(
            name: "dynamic partitioning prefix without keys",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nprefix: data/\nerror_output_prefix: e/\ndynamic_partitioning: { partition_keys: { k: .k } }"
            ), line: 16, column: 9, message: "needs a 'prefix' that uses a partition key"),
        Case(
            name: "dynamic partitioning undeclared key",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nprefix: c=!{partitionKeyFromQuery:customr}/\nerror_output_prefix: e/\ndynamic_partitioning: { partition_keys: { customer: .customer } }"
            ), line: 16, column: 17,
            message:
                "partition key 'customr', which partition_keys does not declare (did you mean 'customer'?)"
        ),
        Case(
            name: "dynamic partitioning without keys",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nprefix: c=!{partitionKeyFromQuery:c}/\nerror_output_prefix: e/\ndynamic_partitioning: { append_delimiter: true }"
            ), line: 18, column: 31, message: "missing required property 'partition_keys'"),
        Case(
            name: "format conversion with gzip",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\ncompression: gzip\nformat_conversion: { output_format: parquet, schema: { database: d, table: t, columns: [{ name: a, type: string }] } }"
            ), line: 16, column: 22, message: "compression must be none with format_conversion"),
        Case(
            name: "format conversion below 64 MiB",
            yaml: deliveryStack(
                "buffering: { size_mb: 5, interval_seconds: 60 }\nformat_conversion: { output_format: orc, schema: { database: d, table: t, columns: [{ name: a, type: string }] } }"
            ), line: 15, column: 31,
            message: "'size_mb' must be at least 64 with format_conversion, got 5"),
        Case(
            name: "format conversion without columns",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nformat_conversion: { output_format: orc, schema: { database: d, table: t, columns: [] } }"
            ), line: 16, column: 92, message: "'columns' needs at least 1 item"),
        Case(
            name: "format conversion column in camel case",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nformat_conversion: { output_format: orc, schema: { database: d, table: t, columns: [{ name: userId, type: string }] } }"
            ), line: 16, column: 101,
            message: "'name' must be in lower case, as Glue keeps column names"),
        Case(
            name: "format conversion bad column type",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nformat_conversion: { output_format: orc, schema: { database: d, table: t, columns: [{ name: a, type: varchar }] } }"
            ), line: 16, column: 110, message: "'type' must be a Hive type"),
        Case(
            name: "format conversion bad format",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nformat_conversion: { output_format: avro, schema: { database: d, table: t, columns: [{ name: a, type: string }] } }"
            ), line: 16, column: 45, message: "'output_format' must be one of parquet, orc"),
        Case(
            name: "glue database name upper case",
            yaml: deliveryStack(
                "buffering: { size_mb: 64, interval_seconds: 60 }\nformat_conversion: { output_format: orc, schema: { database: Sales, table: t, columns: [{ name: a, type: string }] } }"
            ), line: 16, column: 70, message: "'database' must be lower-case letters, digits and _"),
        Case(
            name: "role arn not an ARN",
            yaml: validStack.replacingOccurrences(
                of: "      source:", with: "      role_arn: firehose-role\n      source:"),
            line: 15, column: 17, message: "'role_arn' must be a role's ARN"),
        // References
        Case(
            name: "unknown resource",
            yaml: validStack.replacingOccurrences(of: "${landing.arn}", with: "${landng.arn}"),
            line: 17, column: 17,
            message: "unknown resource 'landng' in '${landng.arn}' (did you mean 'landing'?)"),
        Case(
            name: "unknown attribute",
            yaml: validStack.replacingOccurrences(of: "${landing.arn}", with: "${landing.url}"),
            line: 17, column: 17, message: "s3.bucket 'landing' has no attribute 'url'"),
        Case(
            name: "reference with three parts",
            yaml: validStack.replacingOccurrences(of: "${landing.arn}", with: "${landing.arn.x}"),
            line: 17, column: 17, message: "invalid reference '${landing.arn.x}'"),
        Case(
            name: "unterminated reference",
            yaml: validStack.replacingOccurrences(of: "${landing.arn}", with: "\"${landing.arn\""),
            line: 17, column: 18, message: "`${` without a closing `}`"),
        Case(
            name: "empty reference",
            yaml: validStack.replacingOccurrences(of: "${landing.arn}", with: "x${}"), line: 17,
            column: 18, message: "empty reference"),
        Case(
            name: "unknown variable",
            yaml: validStack.replacingOccurrences(
                of: "demo-${aws.account_id}", with: "demo-${var.envv}"), line: 11, column: 18,
            message: "variable 'envv' has no value"),
        Case(
            name: "unknown built-in",
            yaml: validStack.replacingOccurrences(
                of: "demo-${aws.account_id}", with: "demo-${aws.acount_id}"), line: 11, column: 18,
            message: "unknown built-in 'aws.acount_id' (did you mean 'account_id'?)"),
        Case(
            name: "unknown stack attribute",
            yaml: validStack.replacingOccurrences(
                of: "demo-${aws.account_id}", with: "demo-${stack.id}"), line: 11, column: 18,
            message: "unknown built-in 'stack.id'"),
        Case(
            name: "self reference",
            yaml: validStack.replacingOccurrences(
                of: "shards: 1", with: "shards: 1\n      name: x${stream1.name}"), line: 8,
            column: 14, message: "refers to itself"),
        Case(
            name: "reference cycle",
            yaml: validStack.replacingOccurrences(
                of: "name: demo-${aws.account_id}", with: "name: demo-${delivery.name}"), line: 8,
            column: 3, message: "dependency cycle: landing → delivery → landing"),
        Case(
            name: "depends_on cycle",
            yaml: validStack.replacingOccurrences(
                of: "    type: kinesis.stream",
                with: "    type: kinesis.stream\n    depends_on: [delivery]"), line: 4, column: 3,
            message: "dependency cycle: stream1 → delivery → stream1"),
        Case(
            name: "depends_on unknown",
            yaml: validStack.replacingOccurrences(
                of: "    type: kinesis.stream",
                with: "    type: kinesis.stream\n    depends_on: [landng]"), line: 6, column: 18,
            message: "depends_on names unknown resource 'landng' (did you mean 'landing'?)"),
        Case(
            name: "stack tags refer to a resource",
            yaml: validStack + "\ntags: { s: \"${stream1.name}\" }\n", line: 18, column: 13,
            message: "stack-level values cannot refer to resources"),
        Case(
            name: "source is a bucket",
            yaml: validStack.replacingOccurrences(of: "${stream1.arn}", with: "${landing.arn}"),
            line: 15, column: 34,
            message:
                "'landing' is of type s3.bucket; this must be the ARN of a resource of type kinesis.stream"
        ),
        Case(
            name: "source names the stream, not its ARN",
            yaml: validStack.replacingOccurrences(
                of: "${stream1.arn}", with: "arn:${stream1.name}"), line: 15, column: 38,
            message: "this needs the ARN: write ${stream1.arn}"),
        Case(
            name: "integer from a resource attribute",
            yaml: validStack.replacingOccurrences(of: "shards: 1", with: "shards: ${landing.name}"),
            line: 7, column: 15, message: "must be known before AWS is contacted"),
        Case(
            name: "duplicate stream names",
            yaml: validStack.replacingOccurrences(
                of: "  landing:",
                with:
                    "  stream2:\n    type: kinesis.stream\n    properties: { name: stream1, shards: 1 }\n  landing:"
            ), line: 10, column: 25,
            message: "kinesis.stream 'stream2' has the same name 'stream1' as 'stream1'"),
        Case(
            name: "transformation with something other than a function",
            yaml: deliveryStack("transformation:\n  lambda_arn: arn:aws:s3:::nope"), line: 16,
            column: 23, message: "'lambda_arn' must be a Lambda function's ARN"),
        Case(
            name: "transformation buffer past Lambda's 3 MB",
            yaml: deliveryStack(
                "transformation:\n  lambda_arn: arn:aws:lambda:sa-east-1:123456789012:function:f\n  buffer_size_mb: 5"
            ), line: 17, column: 27, message: "'buffer_size_mb' must be between 0.2 and 3, got 5"),
        Case(
            name: "backup into a stream",
            yaml: deliveryStack("backup:\n  bucket: ${stream1.arn}"), line: 16, column: 19,
            message:
                "'stream1' is of type kinesis.stream; this must be the ARN of a resource of type s3.bucket"
        ),
        Case(
            name: "public policy under the default public-access block",
            yaml: deliveryStack("").replacingOccurrences(
                of: "properties: { name: demo-landing-bucket }",
                with:
                    "properties:\n      name: demo-landing-bucket\n      policy:\n        Version: \"2012-10-17\"\n        Statement: [{ Effect: Allow, Principal: \"*\", Action: \"s3:GetObject\", Resource: \"arn:aws:s3:::demo-landing-bucket/*\" }]"
            ), line: 10, column: 7,
            message:
                "the policy allows anyone (Principal *, no condition), and AWS refuses such a policy while public_access_block.block_public_policy is on"
        ),
        Case(
            name: "policy as a string",
            yaml: deliveryStack("").replacingOccurrences(
                of: "properties: { name: demo-landing-bucket }",
                with: "properties: { name: demo-landing-bucket, policy: \"{}\" }"), line: 8,
            column: 54, message: "'policy' must be a mapping"),
        Case(
            name: "time zone Firehose refuses", yaml: deliveryStack("custom_time_zone: Etc/GMT+3"),
            line: 15, column: 27, message: "'custom_time_zone' must be a time zone name of letters"),
        Case(
            name: "time zone with a hyphen",
            yaml: deliveryStack("custom_time_zone: America/Port-au-Prince"), line: 15,
            column: 27, message: "Firehose takes no digits, + or -"),
        Case(
            name: "a bucket's ARN for the KMS key",
            yaml: deliveryStack(
                "encryption: { kms_key_arn: \"arn:aws:s3:::demo-landing-bucket\" }"),
            line: 15, column: 37, message: "'kms_key_arn' must be a KMS key's or alias's ARN"),
        Case(
            name: "a prefix of two lines",
            yaml: deliveryStack("prefix: \"raw/\\nmore/\""), line: 15, column: 18,
            message: "'prefix' must be one line"),
        Case(
            name: "a blank partition key expression",
            yaml: deliveryStack(
                "prefix: \"!{partitionKeyFromQuery:kind}/\"\nbuffering: { size_mb: 64, interval_seconds: 60 }\nerror_output_prefix: errors/\ndynamic_partitioning: { partition_keys: { kind: \" \" } }"
            ), line: 18, column: 58, message: "must be a JQ expression on one line"),
        Case(
            name: "log group with a space",
            yaml: deliveryStack("logging: { log_group: \"my group\" }"), line: 15, column: 32,
            message: "'log_group' must be letters, digits and . - _ / #"),
        // monitoring
        Case(
            name: "alarm period not a multiple of a minute",
            yaml: monitored("  alarms: true\n  data_freshness: { period_seconds: 90 }"), line: 5,
            column: 37, message: "data_freshness.period_seconds must be a multiple of 60, got 90"),
        Case(
            name: "alarm evaluating more than a day",
            yaml: monitored(
                "  iterator_age:\n    period_seconds: 600\n    evaluation_periods: 200"),
            line: 6, column: 25, message: "CloudWatch evaluates at most 86400 s (a day)"),
        Case(
            name: "more datapoints than periods",
            yaml: monitored("  delivery_success: { datapoints_to_alarm: 5 }"), line: 4,
            column: 44, message: "datapoints_to_alarm (5) cannot exceed evaluation_periods (3)"),
        Case(
            name: "alarm actions that are no SNS topic",
            yaml: monitored("  notify: arn:aws:sqs:sa-east-1:123456789012:q"), line: 4,
            column: 11, message: "'notify' must be an SNS topic's ARN"),
        Case(
            name: "alarm actions from a variable the stack lacks",
            yaml: monitored("  notify: ${var.topic}"), line: 4, column: 11,
            message: "variable 'topic' has no value"),
        Case(
            name: "an alarm that does not exist",
            yaml: monitored("  freshness: { threshold: 3 }"), line: 4, column: 3,
            message: "unknown key 'freshness'"),
        Case(
            name: "stack name from an unset variable",
            yaml: validStack.replacingOccurrences(
                of: "stack: demo", with: "stack: demo-${var.env}"), line: 1, column: 8,
            message: "may refer to variables only"),
    ]

    @Test(arguments: cases)
    func rule(_ testCase: Case) {
        let found = diagnostics(testCase.yaml)
        let match = found.first {
            $0.location.line == testCase.line && $0.location.column == testCase.column
                && $0.message.contains(testCase.message)
        }
        #expect(
            match != nil,
            "expected \(testCase.line):\(testCase.column) '\(testCase.message)', got:\n\(found.map(\.description).joined(separator: "\n"))"
        )
        #expect(found.allSatisfy { $0.location.file == "t.yaml" })
    }

    /// Public exposure is a warning, which never makes a file invalid; `allow_public: true`
    /// says it is meant.
    @Test func publicExposureIsAWarningThatAllowPublicSilences() throws {
        let exposed = validStack.replacingOccurrences(
            of: "name: demo-${aws.account_id}",
            with:
                "name: demo-bucket-1\n      object_ownership: object-writer\n      acl: public-read\n      public_access_block: { block_public_acls: false, restrict_public_buckets: false }"
        )
        let document = try load(exposed).get()
        #expect(document.warnings.map(\.severity) == [.warning, .warning])
        #expect(
            document.warnings.map(\.message) == [
                "acl 'public-read' lets anyone list and read the bucket's objects (allow_public: true says it is meant)",
                "the public-access block is off (block_public_acls CKV_AWS_53, restrict_public_buckets CKV_AWS_56): allow_public: true says it is meant",
            ])
        #expect(document.warnings.map(\.location.line) == [13, 14])
        let allowed = try load(
            exposed.replacingOccurrences(
                of: "acl: public-read", with: "acl: public-read-write\n      allow_public: true")
        ).get()
        #expect(allowed.warnings.isEmpty)
        #expect(try load(validStack).get().warnings.isEmpty)
    }

    /// A policy that lets anyone in, once the public-access block allows it, is said out loud.
    @Test func aPublicPolicyIsAWarningThatAllowPublicSilences() throws {
        let open = deliveryStack("").replacingOccurrences(
            of: "properties: { name: demo-landing-bucket }",
            with: """
                properties:
                      name: demo-landing-bucket
                      public_access_block: { block_public_policy: false, restrict_public_buckets: false }
                      policy:
                        Statement: [{ Effect: Allow, Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" }]
                """)
        let document = try load(open).get()
        #expect(
            document.warnings.map(\.message).contains(
                "the policy allows anyone (Principal *, no condition) to reach the bucket (allow_public: true says it is meant)"
            ), "\(document.warnings)")
        let allowed = try load(
            open.replacingOccurrences(
                of: "name: demo-landing-bucket",
                with: "name: demo-landing-bucket\n      allow_public: true")
        ).get()
        #expect(allowed.warnings.isEmpty)
    }

    @Test func theValidStackIsValid() throws {
        let document = try load(validStack).get()
        #expect(document.name == "demo")
        #expect(document.resources.map(\.id) == ["stream1", "landing", "delivery"])
        #expect(document.resource("delivery")?.dependencies == ["landing", "stream1"])
        #expect(document.resource("stream1")?.dependencies == [])
    }
}
