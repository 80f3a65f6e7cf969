import Engine
import Foundation
import Providers
import StackFile

/// Shows a plan as people read it (Terraform's layout), as Markdown for pull requests, or as
/// stable JSON for scripts.
public struct PlanRenderer: Sendable {
    /// Wraps text in a colour; identity when colours are off.
    public var paint: @Sendable (String, PlanColor) -> String
    /// The columns of the terminal the text is read on: long lines wrap, and a long value
    /// goes to a line of its own. nil for output that is not read on a terminal: one line per
    /// item, for scripts.
    public var width: Int?

    public enum PlanColor: Sendable { case green, yellow, red, bold, dim }

    public init(
        width: Int? = nil,
        paint: @escaping @Sendable (String, PlanColor) -> String = { text, _ in text }
    ) {
        self.width = width
        self.paint = paint
    }

    /// `text` wrapped to the width, each line painted.
    func wrapped(_ text: String, _ color: PlanColor? = nil, first: String = "", rest: String = "")
        -> [String]
    {
        TextWrap.lines(text, width: width, first: first, rest: rest).map { line in
            color.map { paint(line, $0) } ?? line
        }
    }

    /// The region and where it came from: a plan always says where it would act.
    static func region(_ plan: Plan) -> String {
        plan.region + (plan.regionOrigin.map { " (region from \($0))" } ?? "")
    }

    func color(_ action: Action) -> PlanColor {
        switch action {
        case .create: .green
        case .update: .yellow
        case .replace: .yellow
        case .delete: .red
        case .noChange: .dim
        }
    }

    public func summary(_ plan: Plan) -> String {
        "\(plan.count(.create)) to create, \(plan.count(.update)) to update, \(plan.count(.replace)) to replace, \(plan.count(.delete)) to delete."
    }

    // MARK: Text

    public func text(_ plan: Plan) -> String {
        changesText(plan) + (plan.cost.map { "\n\n" + costText($0, plan) } ?? "")
    }

    /// One resource of the plan: its action, name and why, then its changes.
    private func resourceLines(_ resource: PlannedResource) -> [String] {
        let symbol = resource.action.rawValue.padding(toLength: 3, withPad: " ", startingAt: 0)
        let name = resource.name != resource.id ? " (\(resource.name))" : ""
        var title =
            "\(paint(symbol, color(resource.action))) \(paint("\(resource.type) \(resource.id)", .bold))\(name)"
        let plainTitle = "\(symbol) \(resource.type) \(resource.id)\(name)"
        let forcing = resource.changes.filter(\.forcesReplacement).map(\.key)
        var reason = resource.reason?.description
        if resource.action == .replace, !forcing.isEmpty, !resource.isRename {
            reason = ChangeReason.cannotChangeInPlace(forcing).description
        }
        var lines: [String] = []
        if let reason {
            // Beside the title when it fits; under it otherwise.
            if let width, plainTitle.count + 4 + reason.count > width {
                lines = [title] + wrapped(reason, .dim, first: "    # ", rest: "      ")
            } else {
                title += paint("  # \(reason)", .dim)
                lines = [title]
            }
        } else {
            lines = [title]
        }
        if let conflict = resource.conflict {
            lines += wrapped("! \(conflict)", .red, first: "    ", rest: "      ")
        }
        let keyWidth = resource.changes.map(\.key.count).max() ?? 0
        for change in resource.changes {
            if let document = LineDiff.json(change) {
                lines += documentLines(change, document)
            } else {
                lines += changeLines(change, keyWidth: keyWidth, action: resource.action)
            }
        }
        return lines
    }

    private func changesText(_ plan: Plan) -> String {
        var lines: [String] = []
        let changing = plan.resources.filter {
            $0.action != .noChange || $0.conflict != nil || $0.reason != nil
        }
        let header = "stack \(plan.stack) in \(Self.region(plan)), account \(plan.accountID)"
        guard plan.hasChanges || !plan.conflicts.isEmpty else {
            let count = plan.resources.count
            var text = wrapped(
                "No changes. AWS matches \(header) (\(count) resource\(count == 1 ? "" : "s")).")
            for resource in changing where resource.reason != nil {
                text += wrapped(
                    "\(resource.type) \(resource.id): \(resource.reason!)", first: "  ",
                    rest: "    ")
            }
            text += warningLines(plan)
            return text.joined(separator: "\n")
        }
        lines += wrapped("streamstack will make these changes to \(header):")
        lines.append("")
        let declared = changing.filter { !$0.foundByTag }
        let tagged = changing.filter(\.foundByTag)
        for resource in declared + tagged {
            if resource.id == tagged.first?.id {
                lines += wrapped(Self.foundByTagHeading(plan), .bold)
                lines.append("")
            }
            lines += resourceLines(resource)
            lines.append("")
        }
        lines.append(paint("Plan: ", .bold) + summary(plan))
        lines += warningLines(plan)
        for note in plan.notes ?? [] { lines += wrapped("Note: \(note)", rest: "  ") }
        if !plan.conflicts.isEmpty {
            lines += wrapped(
                "\(plan.conflicts.count) resource\(plan.conflicts.count == 1 ? "" : "s") cannot be changed as things stand (marked !); apply will stop before touching anything.",
                .red)
        }
        return lines.joined(separator: "\n")
    }

    private func warningLines(_ plan: Plan) -> [String] {
        (plan.warnings ?? []).flatMap { wrapped("Warning: \($0)", .yellow, rest: "  ") }
    }

    /// Heads the resources the plan found by the stack's tag alone, apart from the declared ones.
    static func foundByTagHeading(_ plan: Plan) -> String {
        "Not in the stack file, found in AWS by the tag \(Ownership.tagKey)=\(plan.stack) alone. Whoever may tag a resource can put it here: check that each is one this stack made."
    }

    /// A policy document, indented, its lines marked as kept, removed or added.
    private func documentLines(_ change: AttributeChange, _ document: [LineDiff.Line]) -> [String] {
        let sign =
            change.old == nil
            ? paint("+", .green) : change.new == nil ? paint("-", .red) : paint("~", .yellow)
        var lines = ["      \(sign) \(change.key) ="]
        for line in document {
            switch line {
            case .same(let text): lines.append("            \(text)")
            case .removed(let text): lines.append("          \(paint("-", .red)) \(text)")
            case .added(let text): lines.append("          \(paint("+", .green)) \(text)")
            }
        }
        return lines
    }

    /// `SIGN KEY = VALUE` (keys padded to the resource's longest); when that is wider than the
    /// terminal, the key on its line and each value on one of its own.
    private func changeLines(_ change: AttributeChange, keyWidth: Int, action: Action)
        -> [String]
    {
        let sign: (text: String, color: PlanColor)
        var values: [String]
        var note: (text: String, color: PlanColor)?
        switch (change.old, change.new) {
        case (nil, let new?):
            sign = ("+", .green)
            values = ["= \(new)"]
        case (let old?, nil):
            sign = ("-", .red)
            values = ["= \(old)"]
            if action != .delete && change.key.hasPrefix(UnmodelledSettings.attributePrefix) {
                note = ("# not in the stack file: apply will remove it", .dim)
            }
        case (let old?, let new?):
            sign = ("~", .yellow)
            values = ["= \(old)", "→ \(new)"]
            if change.forcesReplacement { note = ("# forces replacement", .red) }
        default:
            return ["      " + change.key]
        }
        let key = change.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
        let suffix = note.map { "  " + paint($0.text, $0.color) } ?? ""
        let oneLine =
            "      \(sign.text) \(key) \(values.joined(separator: " "))"
            + (note.map { "  " + $0.text } ?? "")
        guard let width, oneLine.count > width else {
            return [
                "      \(paint(sign.text, sign.color)) \(key) \(values.joined(separator: " "))"
                    + suffix
            ]
        }
        return ["      \(paint(sign.text, sign.color)) \(change.key)" + suffix]
            + values.map { "          " + $0 }
    }

    // MARK: Markdown

    public func markdown(_ plan: Plan) -> String {
        changesMarkdown(plan) + (plan.cost.map { "\n" + costMarkdown($0, plan) } ?? "")
    }

    private func changesMarkdown(_ plan: Plan) -> String {
        var out =
            "### streamstack plan: `\(plan.stack)` in \(Self.region(plan)), account \(plan.accountID)\n\n"
        guard plan.hasChanges || !plan.conflicts.isEmpty else {
            return out
                + "No changes: AWS matches the stack file (\(plan.resources.count) resource\(plan.resources.count == 1 ? "" : "s")).\n"
        }
        out += "**\(summary(plan))**\n\n"
        out += "```mermaid\n\(GraphView(graph: PipelineGraph(plan)).mermaid())\n```\n\n"
        for warning in plan.warnings ?? [] { out += "> **Warning:** \(warning)\n\n" }
        for note in plan.notes ?? [] { out += "> **Note:** \(note)\n\n" }
        out += "| action | resource | name | changes | why |\n|---|---|---|---|---|\n"
        let shown = plan.resources.filter { $0.action != .noChange || $0.conflict != nil }
        for resource in shown.filter({ !$0.foundByTag }) + shown.filter(\.foundByTag) {
            let keys =
                resource.action == .update || resource.action == .replace
                ? resource.changes.map {
                    "`\($0.key)`\($0.forcesReplacement ? " (forces replacement)" : "")"
                }.joined(separator: ", ")
                : "\(resource.changes.count) attribute\(resource.changes.count == 1 ? "" : "s")"
            let action = resource.conflict == nil ? resource.action.verb : "**blocked**"
            let why = (resource.conflict?.description ?? resource.reason?.description ?? "")
                .replacingOccurrences(
                    of: "|", with: "\\|")
            let mark = resource.foundByTag ? " (found by tag)" : ""
            out +=
                "| \(action) | `\(resource.type) \(resource.id)`\(mark) | `\(resource.name)` | \(keys) | \(why) |\n"
        }
        if shown.contains(where: \.foundByTag) {
            out += "\n_(found by tag): \(Self.foundByTagHeading(plan))_\n"
        }
        out += "\n<details><summary>Attribute changes</summary>\n\n```diff\n"
        for resource in plan.resources where resource.action != .noChange {
            out +=
                "\(resource.action == .delete ? "-" : resource.action == .create ? "+" : "!") \(resource.type) \(resource.id) (\(resource.name)): \(resource.action.verb)\n"
            for change in resource.changes {
                if let document = LineDiff.json(change) {
                    out += "    \(change.key) =\n"
                    for line in document {
                        switch line {
                        case .same(let text): out += "      \(text)\n"
                        case .removed(let text): out += "-     \(text)\n"
                        case .added(let text): out += "+     \(text)\n"
                        }
                    }
                    continue
                }
                if let old = change.old, change.new == nil || change.old != change.new {
                    out += "-   \(change.key) = \(old)\n"
                }
                if let new = change.new { out += "+   \(change.key) = \(new)\n" }
            }
        }
        out += "```\n\n</details>\n"
        return out
    }

    // MARK: JSON

    /// The documented, stable JSON form (docs/plan-json.md).
    public func json(_ plan: Plan) -> String {
        func value(_ attribute: AttributeValue?) -> Any { attribute?.jsonValue ?? NSNull() }
        var object: [String: Any] = [
            "format_version": 1,
            "stack": plan.stack, "region": plan.region, "account_id": plan.accountID,
            "region_origin": plan.regionOrigin ?? NSNull(),
            "has_changes": plan.hasChanges,
            "summary": [
                "create": plan.count(.create), "update": plan.count(.update),
                "replace": plan.count(.replace),
                "delete": plan.count(.delete), "no_op": plan.count(.noChange),
                "blocked": plan.conflicts.count,
            ],
            "resources": plan.resources.map { resource -> [String: Any] in
                [
                    "id": resource.id, "type": resource.type.rawValue, "name": resource.name,
                    "action": resource.action.jsonName,
                    "reason": resource.reason?.description ?? NSNull(),
                    "blocked": resource.conflict?.description ?? NSNull(),
                    "adopting": resource.adopting,
                    "found_by_tag": resource.foundByTag,
                    "depends_on": resource.dependencies,
                    "changes": resource.changes.map {
                        [
                            "attribute": $0.key, "old": value($0.old), "new": value($0.new),
                            "forces_replacement": $0.forcesReplacement,
                        ] as [String: Any]
                    },
                ]
            },
            "live_state_fingerprint": plan.liveStateFingerprint,
            "warnings": plan.warnings ?? [],
        ]
        if let cost = plan.cost { object["cost"] = costJSON(cost) }
        if let notes = plan.notes { object["notes"] = notes }
        let data = try! JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

extension AttributeValue {
    /// The value as JSONSerialization takes it: a string, number, boolean or list of strings.
    public var jsonValue: Any {
        switch self {
        case .string(let text): text
        case .number(let number): number
        case .bool(let flag): flag
        case .list(let items): items
        }
    }
}
