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

    /// The reason in words, for people.
    public var explanation: String {
        switch self {
        case .useCaseNotApplicable: "use case not applicable to the pilot"
        case .notAvailable: "not available during the pilot period"
        case .ndaNotAgreed: "has not agreed to sign the NDA"
        case .ndaDeclined: "declined the NDA"
        }
    }
}

/// The plan's eligibility rule: an applicable use case AND availability AND (when required) agreeing
/// to sign the NDA. Access (pilot sessions, the pilot wave) needs it signed: see `NDAStatus`.
public enum Eligibility {
    /// Every reason `signup` is not eligible, in the plan's order; empty when eligible.
    public static func reasons(_ signup: Signup, rules: PilotRules) -> [IneligibilityReason] {
        var reasons: [IneligibilityReason] = []
        if !signup.useCaseApplicable { reasons.append(.useCaseNotApplicable) }
        if !signup.available { reasons.append(.notAvailable) }
        if rules.ndaRequired, !signup.nda.isAgreed {
            reasons.append(signup.nda == .declined ? .ndaDeclined : .ndaNotAgreed)
        }
        return reasons
    }

    /// True when nothing stands in the way.
    public static func isEligible(_ signup: Signup, rules: PilotRules) -> Bool {
        reasons(signup, rules: rules).isEmpty
    }
}
