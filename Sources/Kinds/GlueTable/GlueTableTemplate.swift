import AWS
import Providers
import StackFile

/// The Glue table as CloudFormation makes it (AWS::Glue::Table): its input is the very one
/// apply sends to CreateTable, without the ownership keys a deployed template has no use for.
extension GlueTableKind {
    public static func template(_ table: GlueTableSpec) -> [TemplateResource] {
        var owned = table
        owned.tags = [:]
        return [
            TemplateResource(
                type: "AWS::Glue::Table",
                properties: [
                    "CatalogId": .string(TemplatePlaceholders.accountID),
                    "DatabaseName": .string(table.database),
                    "TableInput": TemplateValue(
                        json: String(
                            decoding: GlueClient.tableInputDocument(
                                GlueTableProvider.table(owned)), as: UTF8.self)),
                ])
        ]
    }
}
