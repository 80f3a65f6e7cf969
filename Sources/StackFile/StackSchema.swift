/// The stack language itself: the top-level keys and those of each resource; each kind's
/// properties are its own.
public enum StackSchema {
    package static let tagMap = SchemaType.map(
        key: StringRule(
            minimumLength: 1, maximumLength: 128,
            pattern: #"^(?!aws:)(?!streamstack:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$"#,
            patternDescription:
                "letters, digits, spaces and _ . : / = + - @, not starting with aws: or streamstack:"
        ),
        value: .string(
            StringRule(
                maximumLength: 256, pattern: #"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"#,
                patternDescription: "letters, digits, spaces and _ . : / = + - @")))

    package static let tags = Section(
        "tags", tagMap, "Tags for this resource, added to the stack's tags.")

    /// The keys at the top of a stack file.
    enum Top {
        static let stack = Field.string(
            "stack",
            StringRule(
                minimumLength: 1, maximumLength: 40, pattern: "^[A-Za-z][A-Za-z0-9-]*$",
                patternDescription: "a letter, then letters, digits and hyphens"),
            required: true,
            "The stack's name. Every resource gets the tag `streamstack:stack=<name>`, which is how streamstack knows what it owns."
        )
        static let region = Field.string(
            "region",
            StringRule(
                pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]+$",
                patternDescription: "an AWS region such as sa-east-1"),
            "The region, used when neither --region, AWS_REGION, AWS_DEFAULT_REGION nor the profile names one."
        )
        static let description = Field.string(
            "description", .any, "Free text for people reading the file.")
        static let recordsPerSecond = Field.integer(
            "records_per_second", 0...10_000_000,
            "Records written to each stream per second, on average."
        ).defaulting(to: Int(Traffic.assumed.recordsPerSecond))
        static let averageRecordBytes = Field.integer(
            "average_record_bytes", 1...1_048_576, "The average size of a record in bytes."
        ).defaulting(to: Traffic.assumed.averageRecordBytes)
        static let cost = Section(
            "cost", .object([recordsPerSecond.property, averageRecordBytes.property]),
            "The traffic `plan`'s monthly cost estimate assumes (`--traffic` overrides it).")
        static let tags = Section(
            "tags", tagMap, "Tags added to every taggable resource of the stack.")
        static let lockBucket = Field.string(
            "bucket",
            StringRule(
                minimumLength: 3, maximumLength: 63, pattern: "^[a-z0-9][a-z0-9.-]*[a-z0-9]$",
                patternDescription:
                    "lower-case letters, digits, . and -, starting and ending with a letter or digit"
            ),
            required: true,
            "An existing bucket of the account, in the stack's region; literal or `${var.NAME}`.")
        static let lock = Section(
            "lock", .object([lockBucket.property]),
            default:
                "`STREAMSTACK_LOCK_BUCKET`, else `streamstack-locks-ACCOUNT-REGION` (created on first use)",
            "Where `apply` and `destroy` keep the stack's lock: one object per stack, account and region, written only if none exists, so that two runs never change the stack at once."
        )
        static let variables = Section(
            "variables",
            .map(
                key: StringRule(
                    minimumLength: 1, pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
                    patternDescription: "a letter or _, then letters, digits and _"),
                value: .string(.any)),
            "Variables with their default values, used as `${var.NAME}`; `--var NAME=VALUE` and `--var-file FILE` override them."
        )
        static let resources = Section(
            "resources",
            .map(
                key: StringRule(
                    minimumLength: 1, maximumLength: 64, pattern: "^[A-Za-z][A-Za-z0-9_-]*$",
                    patternDescription: "a letter, then letters, digits, _ and -"),
                value: .object([])),
            required: true,
            "The resources, by id. Each has a `type` and `properties`; `${id.attribute}` refers to one."
        )
    }

    /// The top-level keys, with the sections the language's kinds read after `cost`.
    public static func top(_ language: StackLanguage) -> [SchemaProperty] {
        [Top.stack.property, Top.region.property, Top.description.property, Top.cost.property]
            + language.settings.map(\.property)
            + [
                Top.lock.property, Top.tags.property, Top.variables.property,
                Top.resources.property,
            ]
    }

    /// The keys of one entry under `resources`.
    enum Resource {
        static func type(_ language: StackLanguage) -> Section {
            Section(
                "type", .enumeration(language.resourceTypes.map(\.name)), required: true,
                "The resource type.")
        }
        static let typeKey = "type"
        static let properties = Section(
            "properties", .object([]), "The resource's settings; see its type.")
        static let dependsOn = Section(
            "depends_on", .list(.string(.any), minimumCount: 0),
            "Ids of resources to create first, beyond those named in `${...}` references.")
    }

    public static func resource(_ language: StackLanguage) -> [SchemaProperty] {
        [
            Resource.type(language).property, Resource.properties.property,
            Resource.dependsOn.property,
        ]
    }
}
