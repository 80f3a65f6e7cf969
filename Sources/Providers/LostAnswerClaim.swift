import Foundation

/// A create whose answer was lost in transit is sent again, and AWS then says the resource
/// exists: the first attempt may have made it, or someone else may have in that window. It is
/// taken as this run's only when provably so: AWS created it after the call began (allowing for
/// clock skew) and it holds exactly what the call sent (tags, trust policy, configuration).
package enum LostAnswerClaim {
    /// How far the machine's clock may be ahead of AWS's.
    package static let clockSkew: TimeInterval = 300

    /// For kinds whose create carries the stack's tags: the run stops, and the next plan
    /// recognises the resource by those tags (or by the journal) if it is this stack's, and
    /// shows it as someone else's otherwise.
    package static func unproven(_ kind: String, _ name: String) -> ProviderFailure {
        ProviderFailure.conflict(
            "\(kind) \(name): the create's answer was lost, and AWS now says it exists; it may be the one this run created or one made meanwhile, so it was left as it is. Run apply again: the plan takes it as the stack's only if it carries the stack's tags"
        )
    }

    package static func require(
        _ kind: String, _ name: String, createdAt: Date?, since started: Date,
        holdsWhatWasSent: Bool
    ) throws {
        let createdDuringTheCall = createdAt.map { $0 >= started - clockSkew } ?? false
        guard createdDuringTheCall, holdsWhatWasSent else {
            throw ProviderFailure.conflict(
                "\(kind) \(name) exists, but not as this run asked for it (\(createdDuringTheCall ? "its settings or tags differ from what the create sent" : "AWS created it before this run's create call")): it is not provably this stack's, so it was left untouched. If it is someone else's, choose another name; run plan to see it"
            )
        }
    }
}
