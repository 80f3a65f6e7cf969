/// Settings AWS reports for a resource that the stack language cannot express, by a name that
/// says where AWS keeps them (`ProcessingConfiguration.Processors.Decompression`), each with
/// its value as AWS gave it. A declared spec has none: so a live resource that has some
/// differs from the file, and the plan shows it.
public struct UnmodelledSettings: Sendable, Equatable {
    /// Settings that apply's call replaces with what the file says: shown as drift that apply
    /// removes.
    public var removedByApply: [String: String]
    /// Settings no call of streamstack's touches: shown as kept.
    public var keptByApply: [String: String]

    public init(removedByApply: [String: String] = [:], keptByApply: [String: String] = [:]) {
        self.removedByApply = removedByApply
        self.keptByApply = keptByApply
    }

    public var isEmpty: Bool { removedByApply.isEmpty && keptByApply.isEmpty }

    /// The prefix of the plan attributes that stand for settings apply removes.
    public static let attributePrefix = "unmodelled."

    /// What the plan says of the settings apply leaves as they are.
    public func keptWarnings(_ subject: String) -> [String] {
        keptByApply.sorted { $0.key < $1.key }.map {
            "\(subject): AWS holds \($0.key) = \($0.value), which the stack file cannot express; apply leaves it as it is"
        }
    }
}
