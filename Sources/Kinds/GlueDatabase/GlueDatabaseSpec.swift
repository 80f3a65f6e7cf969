import StackFile

/// The Glue database that holds a format conversion's table.
public struct GlueDatabaseSpec: Sendable, Equatable {
    public var name: String
    public var tags: [String: String]
    public init(name: String, tags: [String: String]) {
        self.name = name
        self.tags = tags
    }
}
