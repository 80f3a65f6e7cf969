import ArgumentParser
import Engine
import StackFile

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show what apply would change, without changing anything.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "Save the plan to this file for `apply PLANFILE`.") var out: String?
    @Option(help: "text, json or markdown.") var format: Format = .text
    @Option(
        help: ArgumentHelp(
            "The traffic the cost estimate assumes, as RATE/s,SIZE (100/s,2KiB); overrides the stack file's cost:.",
            valueName: "traffic"))
    var traffic: String?
    @Flag(help: "Exit 0 when there is nothing to change, 2 when there is, 1 on error.")
    var detailedExitcode = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let traffic, Traffic.parse(traffic) == nil {
            throw ValidationError(
                "--traffic '\(traffic)' must look like RATE/s,SIZE: 100/s,2KiB or 0.5/s,800B (at most 100,000,000 records a second and 1 MiB a record)"
            )
        }
    }

    func run() async throws {
        let console = global.console()
        var changes = false
        try await reportingFailures(console) {
            let traffic = self.traffic.flatMap(Traffic.parse)
            let session = try await global.openSession(stack, console: console)
            async let prices = session.prices()
            var planned = try await session.plan()
            planned.plan.cost = session.estimate(
                planned, prices: await prices, traffic: traffic)
            let view = PlanView(console: console)
            view.show(planned.plan, as: format)
            if let out {
                let file = PlanFile(
                    stackPath: stack, stackFile: session.text,
                    variables: session.document.variables,
                    plan: planned.plan.withoutCost
                )
                try file.write(to: out)
                view.saved(to: out, digest: file.digest, format: format)
            }
            changes = planned.plan.hasChanges || !planned.plan.conflicts.isEmpty
        }
        if detailedExitcode && changes { throw ExitCode(2) }
    }
}
