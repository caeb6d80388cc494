import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// `pilot import --from-wiki` against the real MediaWiki the test setup starts: the sign-up section
/// of a talk page written through the wiki, imported, reviewed, selected, and read again.
@Suite struct TalkPageSignupTests {
    /// The sign-up section (the example's `pilot.signup`: "Pilot sign-up", template "Pilot signup")
    /// with entries in page order Alice (comment 1, the text above it included), Bob (2), Admin (3),
    /// Chen (4), then Alice again as "alice" (5); Chen signed first.
    static func page(chenSignedAt: String = "08:30, 1 February 2022") -> String {
        """
        == Q&A ==
        Can I join without an NDA? [[User:Dora|Dora]] ([[User talk:Dora|talk]]) 08:00, 1 February 2022 (UTC)

        == Pilot sign-up ==
        Sign up below with {{Pilot signup}} and your signature; the first eligible sign-ups get the seats.

        * {{Pilot signup|use case=Regional affiliate planning|available=yes|nda=agreed}} [[User:Alice|Alice]] ([[User talk:Alice|talk]]) 09:15, 1 February 2022 (UTC)
        * I would like to join, details to follow. [[User talk:Bob|Bob's talk page]] 10:00, 1 February 2022 (UTC)
        *: Thanks Bob, please add the template's answers. [[User:Admin|Admin]] ([[User talk:Admin|talk]]) 11:00, 1 February 2022 (UTC)
        * {{Pilot signup|use case=Grant reporting|available=yes|nda=yes}} [[User:Chen|Chen]] ([[User talk:Chen|talk]]) \(chenSignedAt) (UTC)
        * {{Pilot signup|use case=Me again|available=no|nda=none}} [[User:alice|alice]] 12:00, 2 February 2022 (UTC)

        """
    }

    static func audit(_ at: String, _ command: String) -> AuditContext {
        AuditContext(now: Instant.parse(at)!, actor: "rosa", command: command)
    }

    static func signups(_ folder: TemporaryFolder) throws -> [Signup] {
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        return try store.read { try $0.signups() }
    }

    @Test func signUpsComeFromTheTalkPageInSignatureOrderAndSelectLikeTheCSV() throws {
        let (wiki, title, folder, session, environment) = try TalkPageImportTests.program(
            "signups", Self.page(), user: "Admin")
        let rules = session.program.pilot
        let importAt = Self.audit("2022-02-02T18:00:00Z", "pilot import")

        let first = try PilotEnrolment(session).importSignups(
            fromWiki: nil, skipInvalid: false, acceptChanges: false, audit: importAt, environment: environment)
        #expect(first.added == ["Alice", "Bob", "Chen"], "page order; Dora's question is not in the section")
        #expect(first.incomplete == ["Bob"])
        #expect(first.staff == 1)
        #expect(first.later?.count == 1)
        #expect(
            first.later?.first?.hasPrefix("Talk:\(title)§Pilot sign-up, comment 5: alice signed up in comment 1")
                == true)
        #expect(first.skipped.isEmpty)

        // First come, first served by the signature's time (UTC), not by page order.
        let stored = try Self.signups(folder)
        #expect(
            stored.map { "\($0.username) \(Instant.format($0.signedUpAt))" } == [
                "Chen 2022-02-01T08:30:00Z", "Alice 2022-02-01T09:15:00Z", "Bob 2022-02-01T10:00:00Z",
            ])
        #expect(stored.map(\.email) == ["", "", ""])
        #expect(stored.first?.useCase == "Grant reporting")
        #expect(stored.first?.nda == .agreed, "the sheet's yes is agreed, as in the CSV")
        #expect(
            stored.map { Eligibility.reasons($0, rules: rules).map(\.rawValue) } == [
                ["use-case-not-reviewed"], ["use-case-not-reviewed"], ["answers-missing", "use-case-not-reviewed"],
            ])
        let listing = try PilotEnrolment(session).pilotListing(showEmail: false, now: importAt.now)
        #expect(listing.participants.first { $0.username == "Bob" }?.incomplete == true)

        // Nobody is enrolled before staff have judged the use cases.
        let unreviewed = try PilotEnrolment(session).selectPilot(
            capacity: 2, audit: Self.audit("2022-02-02T18:05:00Z", "pilot select"))
        #expect(unreviewed.enrolled.isEmpty)
        #expect(unreviewed.ineligible.map(\.username) == ["Chen", "Alice", "Bob"])

        let again = try PilotEnrolment(session).importSignups(
            fromWiki: nil, skipInvalid: false, acceptChanges: false, audit: importAt, environment: environment)
        #expect(again.added.isEmpty && again.updated.isEmpty)
        #expect(again.unchanged == ["Alice", "Bob", "Chen"], "importing again changes nothing")

        // Staff judge the use cases and record Bob's answers; a later import keeps them.
        for name in ["Alice", "Chen"] {
            _ = try PilotEnrolment(session).setSignup(
                name, nda: nil, useCaseApplicable: true, available: nil,
                audit: Self.audit("2022-02-03T09:00:00Z", "pilot set"))
        }
        let bob = try PilotEnrolment(session).setSignup(
            "bob", nda: .agreed, useCaseApplicable: true, available: true,
            audit: Self.audit("2022-02-03T09:00:00Z", "pilot set"))
        #expect(bob.reasons.isEmpty && bob.incomplete == nil)
        let afterReview = try PilotEnrolment(session).importSignups(
            fromWiki: nil, skipInvalid: false, acceptChanges: false,
            audit: Self.audit("2022-02-03T10:00:00Z", "pilot import"), environment: environment)
        #expect(afterReview.updated.isEmpty, "staff's judgement and answers are not undone by the page")
        #expect(afterReview.incomplete == [])

        let selected = try PilotEnrolment(session).selectPilot(
            capacity: 2, audit: Self.audit("2022-02-03T11:00:00Z", "pilot select"))
        #expect(selected.enrolled == ["Chen", "Alice"])
        #expect(selected.waitlist == ["Bob"])

        // The same people as a CSV, selected the same way, give the same cohort in the same order.
        let sheet = try TemporaryFolder.workspace()
        try sheet.write(
            "signups.csv",
            """
            username,email,signed_up_at,use_case,use_case_applicable,available,nda,time_zone,languages
            Alice,,2022-02-01T10:15:00+01:00,Regional affiliate planning,yes,yes,agreed,UTC,
            Bob,,2022-02-01T10:00:00Z,,yes,yes,agreed,UTC,
            Chen,,2022-02-01T08:30:00Z,Grant reporting,yes,yes,yes,UTC,

            """)
        let csvSession = try ProgramSession.open(workspace: sheet.url.path, from: sheet.url)
        _ = try PilotEnrolment(csvSession).importSignups(
            file: sheet.url.appendingPathComponent("signups.csv").path, skipInvalid: false, acceptChanges: false,
            audit: importAt)
        let fromCSV = try PilotEnrolment(csvSession).selectPilot(
            capacity: 2, audit: Self.audit("2022-02-03T11:00:00Z", "pilot select"))
        #expect(fromCSV.enrolled == selected.enrolled)
        #expect(fromCSV.waitlist == selected.waitlist)

        // Chen's signature time edited on the wiki: refused like a changed CSV row, then accepted.
        try TalkPageImportTests.seed(
            wiki, "Talk:" + title, Self.page(chenSignedAt: "11:30, 1 February 2022"), user: "Admin")
        let later = Self.audit("2022-02-04T09:00:00Z", "pilot import")
        #expect {
            try PilotEnrolment(session).importSignups(
                fromWiki: nil, skipInvalid: false, acceptChanges: false, audit: later, environment: environment)
        } throws: { error in
            guard let problems = error as? TalkPageProblems else { return false }
            return problems.problems.count == 1
                && problems.problems[0].location == "Talk:\(title)§Pilot sign-up, comment 4"
                && problems.problems[0].message.contains("Chen signed up at 2022-02-01T08:30:00Z before")
                && problems.problems[0].message.contains("--accept-changes")
        }
        #expect(try Self.signups(folder).first?.username == "Chen", "nothing was changed")
        let accepted = try PilotEnrolment(session).importSignups(
            fromWiki: nil, skipInvalid: false, acceptChanges: true, audit: later, environment: environment)
        #expect(accepted.updated.map(\.username) == ["Chen"])
        #expect(accepted.updated.first?.columns == ["signed_up_at"])
        #expect(try Self.signups(folder).map(\.username) == ["Alice", "Bob", "Chen"])
    }

    @Test func aBadAnswerImportsNothingUnlessSkippedAndIsLocatedAtItsComment() throws {
        let text = """
            == Pilot sign-up ==
            {{Pilot signup|use case=Dashboards|available=maybe|nda=agreed}} [[User:Dee|Dee]] 09:00, 1 February 2022 (UTC)
            {{pilot_signup|use case=Maps|available=yes|nda=signed}} [[User:Eli|Eli]] 09:30, 1 February 2022 (UTC)

            """
        let (_, title, folder, session, environment) = try TalkPageImportTests.program("bad-signups", text)
        let audit = Self.audit("2022-02-02T18:00:00Z", "pilot import")
        #expect {
            try PilotEnrolment(session).importSignups(
                fromWiki: nil, skipInvalid: false, acceptChanges: false, audit: audit, environment: environment)
        } throws: { error in
            (error as? TalkPageProblems)?.description.hasPrefix(
                "Talk:\(title)§Pilot sign-up, comment 1: the template's available (available): \"maybe\" is not yes or no"
            ) == true
        }
        #expect(try Self.signups(folder).isEmpty)
        let skipped = try PilotEnrolment(session).importSignups(
            fromWiki: nil, skipInvalid: true, acceptChanges: false, audit: audit, environment: environment)
        #expect(skipped.added == ["Eli"])
        #expect(skipped.skippedRows == 1)
        #expect(try Self.signups(folder).first?.nda == .signed)
    }
}
