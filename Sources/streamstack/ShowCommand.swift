import ArgumentParser
import Engine
import Foundation
import Providers

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the live state of the stack's resources.")

    @OptionGroup var report: ReportOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let console = global.console()
        try await global.withSession(report.stack, console: console) { session in
            let planned = try await session.plan()
            let status = try StackStatus(planned, providers: session.providers)
            let view = ShowView(console: console)
            switch report.format {
            case .text: view.text(status)
            case .json: try view.json(status)
            }
        }
    }
}
