import Providers
import StackFile

/// The Glue database as CloudFormation makes it (AWS::Glue::Database, which takes no tags).
extension GlueDatabaseKind {
    public static func template(_ database: GlueDatabaseSpec) -> [TemplateResource] {
        [
            TemplateResource(
                type: "AWS::Glue::Database",
                properties: [
                    "CatalogId": .string(TemplatePlaceholders.accountID),
                    "DatabaseInput": .object(["Name": .string(database.name)]),
                ])
        ]
    }
}
