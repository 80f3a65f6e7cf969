import ArgumentParser
import Engine

/// The stack as a picture, each resource marked with what apply would do to it.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the pipeline as a Mermaid flowchart or a Graphviz graph.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot
    }

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "mermaid or dot.") var format: Format = .mermaid
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let console = global.console()
        try await global.withSession(stack, console: console) { session in
            let graph = PipelineGraph(try await session.plan().plan)
            let view = GraphView(graph: graph)
            console.out(format == .mermaid ? view.mermaid() : view.dot())
        }
    }
}
