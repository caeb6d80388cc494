import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// What goes on the public talk page is checked before anything is read from or written to the
/// wiki: no private name, no control characters, not empty, not too long.
@Suite struct PublicReplyTests {
    static func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
        } catch let error as TalkReplyError {
            #expect(error.kind == .badInput)
            return error.localizedDescription
        } catch {
            Issue.record("refused otherwise: \(error)")
            return ""
        }
        Issue.record("expected a refusal")
        return ""
    }

    @Test func aReplyNamingAnEnrolledParticipantOrHoldingControlsIsRefusedBeforeTheWikiIsAsked() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        _ = try PilotEnrolment(session).importSignups(
            file: Repository.root.appendingPathComponent("data/signups.csv").path, skipInvalid: false,
            acceptChanges: false, audit: context("2022-02-02T18:00:00Z", "pilot import"))
        let selected = try PilotEnrolment(session).selectPilot(
            capacity: 7, audit: context("2022-02-02T18:00:00Z", "pilot select"))
        let participant = try #require(selected.enrolled.first)
        let audit = context("2022-02-14T09:00:00Z", "talk reply")
        // No login is given: a refusal here proves the check comes before the wiki.
        let named = Self.refusal {
            _ = try TalkPageDesk(session).replyOnTalkPage(
                thread: "t-1", reply: "As \(participant) said, it opens in June.", by: "Rosa", audit: audit,
                environment: [:])
        }
        #expect(named.contains("an enrolled pilot participant's username"), "\(named)")
        #expect(named.contains("nothing was posted"))
        let control = Self.refusal {
            _ = try TalkPageDesk(session).replyOnTalkPage(
                thread: "t-1", reply: "It opens\u{1B}[2J in June.", by: "Rosa", audit: audit, environment: [:])
        }
        #expect(!control.isEmpty)
        let override = Self.refusal { try TalkPageDesk(session).checkPublicReply("It opens \u{202E}enuJ in.") }
        #expect(!override.isEmpty)
        #expect(Self.refusal { try TalkPageDesk(session).checkPublicReply(" \n ") }.contains("is empty"))
        #expect(
            Self.refusal { try TalkPageDesk(session).checkPublicReply(String(repeating: "a", count: 20_001)) }.contains(
                "bytes"))
        try TalkPageDesk(session).checkPublicReply("It opens in June; see the plan's timeline.")
    }
}
