import StackFile

/// The stack language of every kind streamstack knows, for callers that need no other.
extension StackLoader {
    public static func load(path: String, options: ValidationOptions = .init())
        throws(StackFileError) -> StackDocument
    {
        try load(path: path, language: ResourceKinds.language, options: options)
    }

    public static func load(text: String, file: String, options: ValidationOptions = .init())
        throws(StackFileError) -> StackDocument
    {
        try load(text: text, file: file, language: ResourceKinds.language, options: options)
    }
}

extension SchemaExport {
    public static func jsonSchema() -> String { jsonSchema(ResourceKinds.language) }
    public static func markdownReference() -> String { markdownReference(ResourceKinds.language) }
}

extension StackFileWriter {
    public init(
        stack: String, region: String, accountID: String, partition: String = "aws",
        header: [String] = []
    ) {
        self.init(
            language: ResourceKinds.language, stack: stack, region: region,
            accountID: accountID, partition: partition, header: header)
    }
}
