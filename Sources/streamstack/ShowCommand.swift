import ArgumentParser
import Engine
import Foundation
import Providers

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the live state of the stack's resources.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "text or json.") var format: Format = .text
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let console = global.console()
        try await reportingFailures(console) {
            let session = try await global.openSession(stack, console: console)
            let planned = try await session.plan()
            var entries: [[String: Any]] = []
            for resource in planned.plan.resources {
                let live = planned.live[resource.id]
                let status: String
                if let live {
                    status =
                        live.owner == session.stack.name
                        ? (live.status.awsName ?? "ok")
                            + (resource.action == .noChange ? "" : ", differs from the file")
                        : "exists, not owned by this stack"
                } else {
                    status = "absent"
                }
                var attributes: [String: AttributeValue] = [:]
                if let live {
                    for (key, value) in try session.providers.provider(for: live.spec).attributes(
                        of: live.spec)
                    {
                        attributes[key] = value
                    }
                }
                // An absent resource has no ARN yet.
                let arn =
                    live == nil
                    ? nil
                    : live?.arn?.description
                        ?? session.stack.resource(resource.id)?.attributes["arn"]
                entries.append([
                    "id": resource.id, "type": resource.type.rawValue, "name": resource.name,
                    "status": status,
                    "arn": arn ?? NSNull(), "attributes": attributes,
                ])
            }
            if format == .json {
                for index in entries.indices {
                    let attributes = entries[index]["attributes"] as! [String: AttributeValue]
                    entries[index]["attributes"] = attributes.mapValues(\.jsonValue)
                }
                let object: [String: Any] = [
                    "stack": session.stack.name, "region": session.stack.context.region,
                    "account_id": session.stack.context.accountID, "resources": entries,
                ]
                let data = try JSONSerialization.data(
                    withJSONObject: object,
                    options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                console.out(String(decoding: data, as: UTF8.self))
                return
            }
            console.out(
                "stack \(session.stack.name) in \(session.stack.context.region), account \(session.stack.context.accountID)"
            )
            for entry in entries {
                console.out("")
                console.out(
                    console.styled("\(entry["type"]!) \(entry["id"]!)", .bold)
                        + " (\(entry["name"]!)): \(entry["status"]!)")
                if let arn = entry["arn"] as? String { console.out("  arn = \(arn)") }
                let attributes = entry["attributes"] as! [String: AttributeValue]
                for key in attributes.keys.sorted()
                where key != "name" && !key.hasPrefix("policy.") && key != "trust_policy" {
                    console.out("  \(key) = \(attributes[key]!)")
                }
            }
        }
    }
}
