import AWS
import ArgumentParser
import Engine
import Foundation
import Providers
import StackFile

/// What apply made, for scripts and CI steps: each declared resource's name, ARN and other
/// attributes, as `terraform output -json` gives a configuration's outputs.
struct OutputCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "output",
        abstract: "Print the attributes of the stack's resources (name, arn, ...) for scripts.",
        discussion: """
            Without NAME: every declared resource. With NAME = ID: that resource's attributes. \
            With NAME = ID.ATTRIBUTE: that value alone (text prints it bare, for $(...)). \
            A resource that does not exist in AWS yet is an error when named, and has \
            "exists": false otherwise.
            """)

    @OptionGroup var report: ReportOptions
    @Argument(help: "ID or ID.ATTRIBUTE.") var name: String?
    @OptionGroup var global: GlobalOptions

    var stack: String { report.stack }

    func run() async throws {
        let console = global.console()
        try await global.withSession(stack, console: console) { session in
            let planned = try await session.plan()
            let outputs = session.stack.resources.map { resource in
                ResourceOutput(
                    resource, live: planned.live[resource.id], stack: session.stack.name)
            }
            let view = OutputView(console: console, format: report.format)
            guard let name else {
                try view.all(outputs)
                return
            }
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            // Managed role ids contain a dot themselves (`delivery.role`).
            let (id, attribute): (String, String?) =
                outputs.contains { $0.id == name } || parts.count < 2
                ? (name, nil) : (parts[0], parts[1])
            guard let output = outputs.first(where: { $0.id == id }) else {
                let ids = outputs.map(\.id)
                throw CommandError(
                    "the stack declares no resource '\(id)'\(Suggestion.didYouMean(id, in: ids)); its ids are \(ids.joined(separator: ", "))"
                )
            }
            guard output.exists else {
                throw CommandError(
                    "\(output.type) \(output.id) (\(output.name)) does not exist in AWS yet: run streamstack apply \(stack)"
                )
            }
            guard let attribute else {
                try view.one(output)
                return
            }
            guard let value = output.attributes[attribute] else {
                let names = output.attributes.keys.sorted()
                throw CommandError(
                    "\(output.id) has no attribute '\(attribute)'\(Suggestion.didYouMean(attribute, in: names)); it has \(names.joined(separator: ", "))"
                )
            }
            try view.value(value)
        }
    }
}

/// One resource's outputs: what the stack file can refer to as `${ID.ATTRIBUTE}`, with the
/// ARN AWS reports where it differs.
struct ResourceOutput: Encodable {
    var id: String
    var type: String
    var name: String
    var exists: Bool
    var attributes: [String: String]

    /// The JSON form: the id is the key it sits under, the name one of its attributes.
    enum CodingKeys: String, CodingKey { case type, exists, attributes }

    init(_ resource: ResolvedResource, live: LiveResource?, stack: String) {
        id = resource.id
        type = resource.type.rawValue
        name = resource.spec.name
        exists = live != nil && live?.owner == stack
        attributes = resource.attributes
        if let arn = live?.arn { attributes["arn"] = arn.description }
    }
}
