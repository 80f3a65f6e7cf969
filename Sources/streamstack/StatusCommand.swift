import ArgumentParser
import Engine
import Foundation

/// Whether records still flow: metrics, alarms, the last error and the newest object.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Report whether the stack's pipelines are working: records in and delivered, data freshness, iterator age, throttles, alarms, the last error, the newest object.",
        discussion:
            "Exits 0 when healthy, 2 when an alarm is in ALARM or data waits longer than its buffering explains, 1 on error."
    )

    @OptionGroup var report: ReportOptions
    @Option(
        help: ArgumentHelp(
            "The window the metrics cover, back from now: 90s, 15m, 2h (at most 15 days).",
            valueName: "DURATION"))
    var since = "1h"
    @OptionGroup var global: GlobalOptions

    /// CloudWatch keeps one-minute datapoints for 15 days.
    static let longestWindow: Double = 15 * 86_400

    var window: Double? { DurationArgument.seconds(since, least: 60, most: Self.longestWindow) }

    func validate() throws {
        guard window != nil else {
            throw ValidationError(
                "--since expects a duration from 60s to 15d, such as 15m or 2h; got '\(since)'")
        }
    }

    func run() async throws {
        let console = global.console()
        var healthy = true
        try await global.withSession(report.stack, console: console, planning: false) {
            session in
            let seconds = window ?? 3600
            let health = try await HealthCheck(stack: session.stack, providers: session.providers)
                .report(window: .seconds(seconds))
            let view = StatusView(console: console)
            switch report.format {
            case .text: view.text(health)
            case .json: try view.json(health)
            }
            healthy = health.isHealthy
        }
        if !healthy { throw ExitCode(2) }
    }
}
