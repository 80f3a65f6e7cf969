import Engine
import Foundation
import StackFile

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the command line writes: results to stdout, problems to stderr, in colour only on a
/// terminal and never with NO_COLOR or --no-color.
struct Console: Sendable {
    let colorOnStdout: Bool
    let colorOnStderr: Bool
    let stdoutIsTerminal: Bool

    init(
        colorDisabledByFlag: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let allowed =
            !colorDisabledByFlag && (environment["NO_COLOR"] ?? "").isEmpty
            && environment["TERM"] != "dumb"
        stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        colorOnStdout = allowed && stdoutIsTerminal
        colorOnStderr = allowed && isatty(STDERR_FILENO) == 1
    }

    /// The plan's colours are the console's: one table for every command.
    typealias Style = PlanRenderer.PlanColor

    /// SGR codes.
    static func code(_ style: Style) -> String {
        switch style {
        case .red: "31"
        case .green: "32"
        case .yellow: "33"
        case .bold: "1"
        case .dim: "2"
        }
    }

    static func paint(_ text: String, _ style: Style) -> String {
        TerminalText.coloured(text, code: code(style))
    }

    func styled(_ text: String, _ style: Style, stderr: Bool = false) -> String {
        (stderr ? colorOnStderr : colorOnStdout) ? Self.paint(text, style) : text
    }

    /// Every line goes through `TerminalText`: what streamstack prints may quote records,
    /// AWS's messages and tag values, which must not act on the terminal.
    func out(_ line: String) {
        FileHandle.standardOutput.write(Data((TerminalText.escaped(line) + "\n").utf8))
    }

    func err(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.escaped(line) + "\n").utf8))
    }

    /// JSON from an encoder: written as it is, but for DEL and C1 (see `TerminalText.json`).
    func outJSON(_ text: String) {
        FileHandle.standardOutput.write(Data((TerminalText.json(text) + "\n").utf8))
    }

    /// A view's JSON document, as every view writes one: indented, keys sorted, slashes and
    /// dates (ISO 8601) as they read.
    func outJSON(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        outJSON(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// The one way a failure is told: `error: MESSAGE` on standard error.
    func error(_ message: String) {
        err("\(styled("error:", .red, stderr: true)) \(message)")
    }

    func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            let label = styled(
                diagnostic.severity.rawValue + ":", diagnostic.severity == .error ? .red : .yellow,
                stderr: true)
            err(
                "\(styled(diagnostic.location.description + ":", .bold, stderr: true)) \(label) \(diagnostic.message)"
            )
        }
    }
}

extension Console {
    /// The plan renderer with this console's colours for standard output.
    var planRenderer: PlanRenderer {
        let colored = colorOnStdout
        return PlanRenderer(width: stdoutIsTerminal ? Self.terminalColumns() : nil) {
            text, color in colored ? Console.paint(text, color) : text
        }
    }

    /// The terminal's width (COLUMNS when set), 80 when it cannot be told.
    static func terminalColumns(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int {
        if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns >= 40 {
            return columns
        }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 {
            return Int(size.ws_col)
        }
        return 80
    }
}
