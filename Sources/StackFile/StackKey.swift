/// Anything that names a key of the stack language: a field or a section.
public protocol StackKey: Sendable {
    var name: String { get }
}

extension Field: StackKey {}
extension DefaultedField: StackKey {}
extension Section: StackKey {}
extension RequiredField: StackKey {}
extension RequiredSection: StackKey {}

/// The dotted path plans use for a nested value: `s3.buffering.interval_seconds`.
public func keyPath(_ keys: any StackKey...) -> String {
    keys.map(\.name).joined(separator: ".")
}
