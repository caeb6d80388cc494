import Foundation

/// The notices pilot decisions call for: enrolled (with the NDA step), wait-listed (with the place
/// in line), offered (with the deadline), lapsed and withdrawn.
public enum PilotNotices {
    /// The fact a participant's notice tells of: their standing (and an offer's deadline).
    public static func fact(_ signup: Signup) -> String {
        switch signup.standing {
        case .offered(let expires): "standing:offered:\(Instant.format(expires))"
        default: "standing:\(signup.standing.name)"
        }
    }

    /// Who a sign-up's notices go to.
    public static func recipient(_ signup: Signup) -> NoticeRecipient {
        NoticeRecipient(
            id: signup.username, name: signup.username, email: signup.email, timeZone: signup.timeZone,
            languages: signup.languages)
    }

    /// One draft per decision that tells someone something, for their standing in `cohort` after
    /// all of `decisions`: a decision the same command already undid calls for none.
    public static func drafts(for decisions: [PilotDecision], in cohort: PilotCohort) -> [NoticeDraft] {
        let people = Dictionary(cohort.signups.map { ($0.username, $0) }, uniquingKeysWith: { a, _ in a })
        // Positions by username, looked up once per notice (not searched: a selection tells thousands).
        let seats = Dictionary(
            cohort.enrolled.enumerated().map { ($1.username, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let line = Dictionary(
            cohort.waitlist.enumerated().map { ($1.username, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let waiting = line.count
        var seen: Set<String> = []
        return decisions.compactMap { decision -> NoticeDraft? in
            guard let signup = people[decision.username] else { return nil }
            var fields: [String: TemplateValue] = [:]
            var moments: [String: Date] = [:]
            let kind: NoticeKind
            switch (decision.action, signup.standing) {
            case ("enrol", .enrolled), ("accept", .enrolled):
                kind = .enrolled
                fields = [
                    "seat": .number(seats[signup.username] ?? 1),
                    "capacity": .number(cohort.capacity), "nda": .text(signup.nda.rawValue),
                    "nda_signed": .flag(signup.nda == .signed),
                    "nda_to_sign": .flag(signup.nda == .agreed || signup.nda == .sent),
                    "nda_sent": .flag(signup.nda == .sent),
                ]
            case ("waitlist", .waitlisted):
                kind = .waitlisted
                fields = [
                    "place": .number(line[signup.username] ?? 1),
                    "waiting": .number(waiting), "capacity": .number(cohort.capacity),
                ]
            case ("offer", .offered(let expires)):
                kind = .offered
                moments = ["deadline": expires]
                fields = ["hours": .number(cohort.rules.offerHours)]
            case ("expire", .lapsed): kind = .lapsed
            case ("withdraw", .withdrawn): kind = .withdrawn
            default: return nil
            }
            let draft = NoticeDraft(
                kind: kind, subject: "signup:\(signup.username)", key: signup.username, recipient: recipient(signup),
                fields: fields, moments: moments, fact: fact(signup))
            return seen.insert(draft.batch).inserted ? draft : nil
        }
    }
}
