import Foundation

/// AWS Glue Data Catalog (JSON 1.1): the database and table that hold a format conversion's
/// schema.
public struct GlueClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .glue) }

    struct DatabaseInput: Codable {
        var name: String
        var description: String?
    }
    struct CreateDatabaseInput: Encodable {
        var databaseInput: DatabaseInput
        var tags: [String: String]?
    }

    /// The table as CreateTable's TableInput writes it (PascalCase JSON), which is also
    /// CloudFormation's for AWS::Glue::Table.
    public static func tableInputDocument(_ table: Table) -> Data {
        (try? JSONCoding.encoder(pascalCase: true).encode(input(table))) ?? Data("{}".utf8)
    }

    /// - Returns: true when a retry after a lost answer found the name taken.
    @discardableResult
    public func createDatabase(
        name: String, description: String? = nil, tags: [String: String] = [:]
    ) async throws -> Bool {
        try await client.jsonResponse(
            "CreateDatabase",
            CreateDatabaseInput(
                databaseInput: DatabaseInput(name: name, description: description),
                tags: tags.isEmpty ? nil : tags),
            alreadyExistsCodes: ["AlreadyExistsException"]
        ).createdByEarlierAttempt
    }

    struct NameInput: Encodable { var name: String }
    struct GetDatabaseOutput: Decodable {
        var database: Database
        struct Database: Decodable {
            var name: String
            var catalogId: String?
        }
    }

    /// The id of the catalog that holds the database (the account's); nil when there is no
    /// such database.
    public func databaseCatalogID(name: String) async throws -> String? {
        try await nilIfNotFound {
            try await client.json("GetDatabase", NameInput(name: name), as: GetDatabaseOutput.self)
        }?.database.catalogId
    }

    /// The tags of a Glue resource by ARN.
    public func tags(ofResource arn: String) async throws -> [String: String] {
        try await client.json("GetTags", GetTagsInput(resourceArn: arn), as: GetTagsOutput.self)
            .tags ?? [:]
    }

    struct TagResourceInput: Encodable {
        var resourceArn: String
        var tagsToAdd: [String: String]
    }
    struct UntagResourceInput: Encodable {
        var resourceArn: String
        var tagsToRemove: [String]
    }

    public func tag(resource arn: String, tags: [String: String]) async throws {
        guard !tags.isEmpty else { return }
        try await client.jsonResponse(
            "TagResource", TagResourceInput(resourceArn: arn, tagsToAdd: tags))
    }

    public func untag(resource arn: String, keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await client.jsonResponse(
            "UntagResource", UntagResourceInput(resourceArn: arn, tagsToRemove: keys))
    }

    /// true when the database exists.
    public func databaseExists(name: String) async throws -> Bool {
        do {
            _ = try await client.json(
                "GetDatabase", NameInput(name: name), as: GetDatabaseOutput.self)
            return true
        } catch let error as AWSError where error.isNotFound {
            return false
        }
    }

    struct GetTagsInput: Encodable { var resourceArn: String }
    struct GetTagsOutput: Decodable { var tags: [String: String]? }

    public func deleteDatabase(name: String) async throws {
        try await client.jsonResponse("DeleteDatabase", NameInput(name: name))
    }

    public struct Column: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// A table as the catalog holds it: what Athena and Firehose's conversion read.
    public struct Table: Codable, Sendable, Equatable {
        public var name: String
        public var columns: [Column]
        public var partitionKeys: [Column]
        public var location: String?
        public var inputFormat: String?
        public var outputFormat: String?
        public var serializationLibrary: String?
        public var parameters: [String: String]

        public init(
            name: String, columns: [Column], partitionKeys: [Column], location: String?,
            inputFormat: String?, outputFormat: String?, serializationLibrary: String?,
            parameters: [String: String]
        ) {
            self.name = name
            self.columns = columns
            self.partitionKeys = partitionKeys
            self.location = location
            self.inputFormat = inputFormat
            self.outputFormat = outputFormat
            self.serializationLibrary = serializationLibrary
            self.parameters = parameters
        }
    }

    struct SerDeInfo: Codable { var serializationLibrary: String? }
    struct StorageDescriptor: Codable {
        var columns: [Column]?
        var location: String?
        var inputFormat: String?
        var outputFormat: String?
        var serdeInfo: SerDeInfo?
    }
    struct TableInput: Codable {
        var name: String
        var storageDescriptor: StorageDescriptor?
        var partitionKeys: [Column]?
        var tableType: String?
        var parameters: [String: String]?
    }
    struct TableRequest: Encodable {
        var databaseName: String
        var tableInput: TableInput
    }

    static func input(_ table: Table) -> TableInput {
        TableInput(
            name: table.name,
            storageDescriptor: StorageDescriptor(
                columns: table.columns, location: table.location, inputFormat: table.inputFormat,
                outputFormat: table.outputFormat,
                serdeInfo: SerDeInfo(serializationLibrary: table.serializationLibrary)),
            partitionKeys: table.partitionKeys, tableType: "EXTERNAL_TABLE",
            parameters: table.parameters)
    }

    /// - Returns: true when a retry after a lost answer found the name taken.
    @discardableResult
    public func createTable(database: String, _ table: Table) async throws -> Bool {
        try await client.jsonResponse(
            "CreateTable", TableRequest(databaseName: database, tableInput: Self.input(table)),
            alreadyExistsCodes: ["AlreadyExistsException"]
        ).createdByEarlierAttempt
    }

    /// Replaces the table's whole definition.
    public func updateTable(database: String, _ table: Table) async throws {
        try await client.jsonResponse(
            "UpdateTable", TableRequest(databaseName: database, tableInput: Self.input(table)))
    }

    struct TableName: Encodable {
        var databaseName: String
        var name: String
    }
    struct GetTableOutput: Decodable { var table: TableInput }

    static func table(_ input: TableInput) -> Table {
        Table(
            name: input.name, columns: input.storageDescriptor?.columns ?? [],
            partitionKeys: input.partitionKeys ?? [], location: input.storageDescriptor?.location,
            inputFormat: input.storageDescriptor?.inputFormat,
            outputFormat: input.storageDescriptor?.outputFormat,
            serializationLibrary: input.storageDescriptor?.serdeInfo?.serializationLibrary,
            parameters: input.parameters ?? [:])
    }

    /// The table; nil when it (or its database) does not exist.
    public func getTable(database: String, name: String) async throws -> Table? {
        do {
            let output = try await client.json(
                "GetTable", TableName(databaseName: database, name: name), as: GetTableOutput.self)
            return Self.table(output.table)
        } catch let error as AWSError where error.isNotFound {
            return nil
        }
    }

    /// The table's columns; nil when the table does not exist.
    public func getTableColumns(database: String, name: String) async throws -> [Column]? {
        try await getTable(database: database, name: name)?.columns
    }

    struct GetTablesInput: Encodable {
        var databaseName: String
        var nextToken: String?
    }
    struct GetTablesOutput: Decodable {
        var tableList: [TableInput]
        var nextToken: String?
    }

    /// Every table of the database; empty when the database does not exist.
    public func tables(database: String) async throws -> [Table] {
        do {
            return try await client.allPages("GetTables") { token in
                let page = try await client.json(
                    "GetTables", GetTablesInput(databaseName: database, nextToken: token),
                    as: GetTablesOutput.self)
                return (page.tableList.map(Self.table), page.nextToken)
            }
        } catch let error as AWSError where error.isNotFound {
            return []
        }
    }

    public func deleteTable(database: String, name: String) async throws {
        try await client.jsonResponse("DeleteTable", TableName(databaseName: database, name: name))
    }
}
