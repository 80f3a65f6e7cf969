extension Duration {
    /// How a person reads a wait or a step: "3.2s", "42s", "2m05s".
    public var readable: String {
        let seconds = Int(components.seconds)
        if seconds < 60 {
            let tenths = Int(components.attoseconds / 100_000_000_000_000_000)
            return seconds < 10 ? "\(seconds).\(tenths)s" : "\(seconds)s"
        }
        let rest = seconds % 60
        return "\(seconds / 60)m\(rest < 10 ? "0" : "")\(rest)s"
    }
}
