/// The names `${...}` may use besides resource attributes.
enum BuiltinReference {
    static let namespaces = ["aws", "stack", "var"]
    static let aws = ["account_id", "region", "partition"]
    static let stack = ["name"]
    /// Stands in for the account id when checking names offline: the same length and digits.
    static let placeholderAccountID = "123456789012"
}
