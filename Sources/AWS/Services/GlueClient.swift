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

    public func createDatabase(
        name: String, description: String? = nil, tags: [String: String] = [:]
    ) async throws {
        try await client.jsonResponse(
            "CreateDatabase",
            CreateDatabaseInput(
                databaseInput: DatabaseInput(name: name, description: description),
                tags: tags.isEmpty ? nil : tags),
            alreadyExistsCodes: ["AlreadyExistsException"])
    }

    struct NameInput: Encodable { var name: String }
    struct GetDatabaseOutput: Decodable { var database: DatabaseInput }

    /// true when the database exists.
    public func databaseExists(name: String) async throws -> Bool {
        do {
            _ = try await client.json(
                "GetDatabase", NameInput(name: name), as: GetDatabaseOutput.self)
            return true
        } catch let error as AWSError where error.code == "EntityNotFoundException" {
            return false
        }
    }

    struct GetTagsInput: Encodable { var resourceArn: String }
    struct GetTagsOutput: Decodable { var tags: [String: String]? }

    /// The database's tags; empty when it has none or does not exist.
    public func tags(
        ofDatabase name: String, region: String, accountID: String, partition: String = "aws"
    )
        async throws -> [String: String]
    {
        do {
            return try await client.json(
                "GetTags",
                GetTagsInput(
                    resourceArn: "arn:\(partition):glue:\(region):\(accountID):database/\(name)"),
                as: GetTagsOutput.self
            ).tags ?? [:]
        } catch let error as AWSError where error.code == "EntityNotFoundException" {
            return [:]
        }
    }

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
    struct StorageDescriptor: Codable {
        var columns: [Column]
    }
    struct TableInput: Codable {
        var name: String
        var storageDescriptor: StorageDescriptor?
        var tableType: String?
    }
    struct TableRequest: Encodable {
        var databaseName: String
        var tableInput: TableInput
    }

    public func createTable(database: String, name: String, columns: [Column]) async throws {
        try await client.jsonResponse(
            "CreateTable",
            TableRequest(
                databaseName: database,
                tableInput: TableInput(
                    name: name, storageDescriptor: StorageDescriptor(columns: columns),
                    tableType: "EXTERNAL_TABLE")),
            alreadyExistsCodes: ["AlreadyExistsException"])
    }

    public func updateTable(database: String, name: String, columns: [Column]) async throws {
        try await client.jsonResponse(
            "UpdateTable",
            TableRequest(
                databaseName: database,
                tableInput: TableInput(
                    name: name, storageDescriptor: StorageDescriptor(columns: columns),
                    tableType: "EXTERNAL_TABLE")))
    }

    struct TableName: Encodable {
        var databaseName: String
        var name: String
    }
    struct GetTableOutput: Decodable {
        var table: Table
        struct Table: Decodable {
            var name: String
            var storageDescriptor: StorageDescriptor?
        }
    }

    /// The table's columns; nil when the table does not exist.
    public func getTableColumns(database: String, name: String) async throws -> [Column]? {
        do {
            let output = try await client.json(
                "GetTable", TableName(databaseName: database, name: name), as: GetTableOutput.self)
            return output.table.storageDescriptor?.columns ?? []
        } catch let error as AWSError where error.code == "EntityNotFoundException" {
            return nil
        }
    }

    public func deleteTable(database: String, name: String) async throws {
        try await client.jsonResponse("DeleteTable", TableName(databaseName: database, name: name))
    }
}
