import CohortCore
internal import CohortStore
import Foundation

/// `pilot import --from-wiki`: the sign-up section of the talk page (`pilot.signup`) read through
/// the wiki's API and imported under the sign-ups CSV's rules. Core reads the page
/// (`TalkSignups`); this keeps what it decided, in one transaction with its audit entries.
public struct TalkPageSignupImport {
    let session: ProgramSession
    /// Where the wiki's credentials and HTTP settings come from.
    let environment: [String: String]

    public init(session: ProgramSession, environment: [String: String]) {
        self.session = session
        self.environment = environment
    }

    /// Imports the sign-ups of `page` (default `channels.meta.talk`). Any problem imports nothing
    /// (each located `PAGE§Section, comment N: message`), unless `skipInvalid`, which leaves out the
    /// entries with problems and lists them. A person is known by their wiki user name: importing
    /// again changes nothing, and a first entry whose signature time changed is refused (it would
    /// move them in line) unless `acceptChanges`. Nobody's standing changes here.
    public func run(page: String?, skipInvalid: Bool, acceptChanges: Bool, audit: AuditContext) throws
        -> SignupImport
    {
        guard let rules = session.program.pilot.signup else { throw PilotError.noSignupSection }
        let (title, revision, talk) = try TalkPageDesk(session).talkPage(page, environment: environment)
        let reading = TalkSignups.read(
            talk, title: title, rules: rules, staff: TalkPageDesk(session).staffNames(environment))
        let place = "\(title)§\(rules.section)"
        if !skipInvalid, !reading.problems.isEmpty {
            throw TalkPageProblems(place: place, problems: reading.problems, hint: skipInvalidEntriesHint)
        }
        return try PilotEnrolment(session).changePilot(audit: audit) { cohort, records in
            var report = SignupImport()
            report.page = title
            report.revision = revision
            report.skipped = reading.problems.map(\.description)
            report.skippedRows = reading.refused
            report.later = reading.later
            report.unsigned = reading.unsigned
            report.staff = reading.staff
            report.hidden = reading.hidden
            var refusals: [TalkPageProblems.Problem] = []
            var indexes = Dictionary(
                cohort.signups.enumerated().map { (WikiUsername.key($1.username), $0) },
                uniquingKeysWith: { first, _ in first })
            var incomplete: [String] = []
            for entry in reading.entries {
                let key = WikiUsername.key(entry.signup.username)
                guard let index = indexes[key] else {
                    indexes[key] = cohort.signups.count
                    cohort.signups.append(entry.signup)
                    report.added.append(entry.signup.username)
                    if entry.signup.isIncomplete(ndaRequired: cohort.rules.ndaRequired) {
                        incomplete.append(entry.signup.username)
                    }
                    try records.append(
                        audit.entry(
                            action: "import", subject: "signup:\(entry.signup.username)",
                            reason:
                                "signed up at \(Instant.format(entry.signup.signedUpAt)) (\(entry.location), revision \(revision))"
                        ))
                    continue
                }
                let before = cohort.signups[index]
                let after = TalkSignups.merging(entry, into: before)
                if after.isIncomplete(ndaRequired: cohort.rules.ndaRequired) { incomplete.append(before.username) }
                let columns = before.changedColumns(comparedWith: after)
                if columns.isEmpty {
                    report.unchanged.append(before.username)
                    continue
                }
                if columns.contains("signed_up_at"), !acceptChanges {
                    refusals.append(
                        TalkPageProblems.Problem(
                            location: entry.location,
                            message:
                                "\(before.username) signed up at \(Instant.format(before.signedUpAt)) before; a new time would change their place in line; pass --accept-changes if \(Instant.format(after.signedUpAt)) is right"
                        ))
                    continue
                }
                cohort.signups[index] = after
                report.updated.append(SignupImport.Change(username: before.username, columns: columns))
                try records.append(
                    audit.entry(
                        action: "update", subject: "signup:\(before.username)",
                        reason:
                            "re-imported from \(entry.location), revision \(revision): \(columns.joined(separator: ", ")) changed"
                    ))
            }
            if !refusals.isEmpty { throw TalkPageProblems(place: place, problems: refusals) }
            report.incomplete = incomplete
            return (report, [])
        }.value
    }
}

/// The hint a talk-page import adds to its problems when it imported nothing.
let skipInvalidEntriesHint = "fix them on the wiki, or pass --skip-invalid to import the other entries"

extension PilotEnrolment {
    /// Imports the sign-ups of the talk page's sign-up section (see `TalkPageSignupImport`).
    public func importSignups(
        fromWiki page: String?, skipInvalid: Bool, acceptChanges: Bool, audit: AuditContext,
        environment: [String: String]
    ) throws -> SignupImport {
        try TalkPageSignupImport(session: session, environment: environment).run(
            page: page, skipInvalid: skipInvalid, acceptChanges: acceptChanges, audit: audit)
    }
}

extension SignupImport {
    /// `pilot import --from-wiki` for people: the counts, then who is incomplete, then what was
    /// left out and where.
    public var talkPageText: String {
        var lines = [
            "Read \(page ?? "the talk page") (revision \(revision.map(String.init) ?? "?")): \(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged"
                + (skipped.isEmpty ? "" : ", \(skippedRows) entr\(skippedRows == 1 ? "y" : "ies") skipped")
                + "; \(staff ?? 0) by staff and \(hidden ?? 0) hidden left out."
        ]
        lines += updated.map { "  \($0.username): \($0.columns.joined(separator: ", ")) changed" }
        if let incomplete, !incomplete.isEmpty {
            lines.append(
                "Incomplete (answers missing; they answer on the page, or `cohort pilot set USER --available yes --nda agreed`): "
                    + incomplete.joined(separator: ", "))
        }
        lines += (later ?? []).map { "Not imported: \($0)" }
        lines += (unsigned ?? []).map { "Not imported: \($0)" }
        return lines.joined(separator: "\n")
    }
}
