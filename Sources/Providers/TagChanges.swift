/// What to tag and untag to turn one tag set into another. Tags AWS manages (`aws:*`) are
/// never removed.
struct TagChanges {
    var added: [String: String]
    var removed: [String]

    init(from current: [String: String], to desired: [String: String]) {
        added = desired.filter { current[$0.key] != $0.value }
        removed = current.keys.filter { desired[$0] == nil && !$0.hasPrefix("aws:") }.sorted()
    }
}
