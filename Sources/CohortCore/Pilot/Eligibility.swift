/// Why a sign-up cannot be selected, as the plan's three requirements state them.
public enum IneligibilityReason: String, Sendable, Codable, CaseIterable {
    /// No applicable use case during the pilot period.
    case useCaseNotApplicable = "use-case-not-applicable"
    /// No availability to engage during the pilot period.
    case notAvailable = "not-available"
    /// They have not agreed to sign the data NDA (when `pilot.nda_required`).
    case ndaNotAgreed = "nda-not-agreed"
    /// They declined to sign the data NDA (when `pilot.nda_required`).
    case ndaDeclined = "nda-declined"
    /// A talk-page sign-up without the answers the sign-up template asks (availability, the NDA):
    /// `incomplete` until they are given on the page or recorded with `pilot set`.
    case answersMissing = "answers-missing"
    /// Staff have not judged whether the use case is applicable (`pilot set --use-case-applicable`).
    case useCaseNotReviewed = "use-case-not-reviewed"

    /// The reason in words, for people.
    public var explanation: String {
        switch self {
        case .useCaseNotApplicable: "use case not applicable to the pilot"
        case .notAvailable: "not available during the pilot period"
        case .ndaNotAgreed: "has not agreed to sign the NDA"
        case .ndaDeclined: "declined the NDA"
        case .answersMissing: "sign-up answers missing (incomplete)"
        case .useCaseNotReviewed: "use case not reviewed yet"
        }
    }
}

/// The plan's eligibility rule: an applicable use case AND availability AND (when required) agreeing
/// to sign the NDA. Access (pilot sessions, the pilot wave) needs it signed: see `NDAStatus`.
public enum Eligibility {
    /// Every reason `signup` is not eligible, in the plan's order; empty when eligible. What is not
    /// known yet gives its own reason (`answers-missing`, `use-case-not-reviewed`), never a guess.
    public static func reasons(_ signup: Signup, rules: PilotRules) -> [IneligibilityReason] {
        var reasons: [IneligibilityReason] = []
        let unknown = signup.unanswered
        if signup.isIncomplete(ndaRequired: rules.ndaRequired) { reasons.append(.answersMissing) }
        if unknown.contains(.useCaseApplicable) {
            reasons.append(.useCaseNotReviewed)
        } else if !signup.useCaseApplicable {
            reasons.append(.useCaseNotApplicable)
        }
        if !unknown.contains(.available), !signup.available { reasons.append(.notAvailable) }
        if rules.ndaRequired, !unknown.contains(.nda), !signup.nda.isAgreed {
            reasons.append(signup.nda == .declined ? .ndaDeclined : .ndaNotAgreed)
        }
        return reasons
    }

    /// True when nothing stands in the way.
    public static func isEligible(_ signup: Signup, rules: PilotRules) -> Bool {
        reasons(signup, rules: rules).isEmpty
    }
}
