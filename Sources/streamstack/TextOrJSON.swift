import ArgumentParser

/// `--format` for commands that print for people or for programs.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
