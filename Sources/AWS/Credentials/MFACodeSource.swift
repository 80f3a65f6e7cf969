import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the one-time code of a profile's `mfa_serial` device comes from.
public protocol MFACodeSource: Sendable {
    /// The code for `serial`, or nil when nobody can be asked.
    func code(forDevice serial: String, profile: String) async throws -> String?
}

/// Asks on the terminal, as the AWS CLI does; a run without a terminal (CI, a pipe) has no one
/// to ask.
public struct TerminalMFAPrompt: MFACodeSource {
    public init() {}

    public func code(forDevice serial: String, profile: String) async throws -> String? {
        guard isatty(STDIN_FILENO) == 1, let terminal = fopen("/dev/tty", "r+") else {
            return nil
        }
        defer { fclose(terminal) }
        fputs("Enter MFA code for \(serial) (profile '\(profile)'): ", terminal)
        fflush(terminal)
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        guard getline(&line, &capacity, terminal) > 0, let line else { return nil }
        return String(cString: line).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
