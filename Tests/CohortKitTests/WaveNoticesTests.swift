import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// A wave that opens, pauses or resumes tells its audience, in the same transaction: the enrolled
/// participants of the pilot, and the release-updates list for the public wave.
@Suite struct WaveNoticesTests {
    static func session() throws -> (TemporaryFolder, ProgramSession) {
        let example = try Repository.exampleConfiguration()
        let configuration = example.replacingOccurrences(
            of: "release:\n  waves:\n", with: "release:\n  updates_list: movement-data\n  waves:\n")
        #expect(configuration != example)
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        let workspace = Workspace(root: folder.url)
        return (folder, ProgramSession(workspace: workspace, program: try workspace.loadProgram()))
    }

    @Test func openingPausingAndResumingTellTheWavesAudienceOnce() throws {
        let (folder, session) = try Self.session()
        _ = folder
        _ = try PilotEnrolment(session).importSignups(
            file: Repository.root.appendingPathComponent("data/signups.csv").path, skipInvalid: false,
            acceptChanges: false, audit: context("2022-02-02T18:00:00Z", "pilot import"))
        let selected = try PilotEnrolment(session).selectPilot(
            capacity: 7, audit: context("2022-02-02T18:00:00Z", "pilot select"))
        let enrolled = Set(selected.enrolled)
        #expect(enrolled.count == 7)

        let opened = try TimelinePlanning(session).changeWave(
            .open, wave: "pilot", reason: "The pilot starts.", override: true,
            audit: context("2022-02-07T09:00:00Z", "release open"))
        #expect(opened.notices.queued.count == 7)
        // A reason naming a participant would tell every participant about them: refused, nothing changed.
        let named = try #require(selected.enrolled.first)
        let before = try session.openStore().tableDigests()
        #expect {
            try TimelinePlanning(session).changeWave(
                .pause, wave: "pilot", reason: "Paused while \(named) checks the data.",
                audit: context("2022-02-09T09:00:00Z", "release pause"))
        } throws: { error in
            guard case .privateInReason(let wave, _, let shown, let offset) = error as? ReleaseError else {
                return false
            }
            return wave == "pilot" && shown == named && offset == "Paused while ".count
                && (error as? ReleaseError)?.errorDescription?.contains("leave it out") == true
        }
        #expect(try session.openStore().tableDigests() == before)
        let paused = try TimelinePlanning(session).changeWave(
            .pause, wave: "pilot", reason: "A data problem is being fixed.",
            audit: context("2022-02-09T09:00:00Z", "release pause"))
        #expect(paused.notices.queued.count == 7)
        let resumed = try TimelinePlanning(session).changeWave(
            .resume, wave: "pilot", audit: context("2022-02-10T09:00:00Z", "release resume"))
        #expect(resumed.notices.queued.count == 7)
        #expect(throws: ReleaseError.self) {
            try TimelinePlanning(session).changeWave(
                .resume, wave: "pilot", audit: context("2022-02-10T09:00:00Z", "release resume"))
        }

        let store = try session.openStore()
        let notices = try store.read { try $0.notices() }.filter { $0.subject == "wave:pilot" }
        #expect(notices.count == 21, "seven people told three times, and the refused retry told nobody")
        #expect(Set(notices.map(\.person)) == enrolled)
        #expect(
            Dictionary(grouping: notices, by: \.kind).mapValues(\.count)
                == [.waveOpen: 7, .wavePause: 7, .waveResume: 7])

        // The public wave's news goes to the release-updates list, once.
        let everyone = try TimelinePlanning(session).changeWave(
            .open, wave: "public", reason: "The dashboard is public.", override: true,
            audit: context("2022-07-15T09:00:00Z", "release open"))
        #expect(everyone.notices.queued.count == 1)
        let listed = try store.read { try $0.notices() }.filter { $0.subject == "wave:public" }
        #expect(listed.map(\.person) == ["list:movement-data"])
    }

    @Test func anUpdatesListThatIsNotAMailingListIsRefusedWithTheListsThereAre() throws {
        let example = try Repository.exampleConfiguration()
        let configuration = example.replacingOccurrences(
            of: "release:\n  waves:\n", with: "release:\n  updates_list: movement-dta\n  waves:\n")
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        do {
            _ = try Workspace(root: folder.url).loadProgram()
            Issue.record("expected a refusal")
        } catch {
            let message = "\(error.localizedDescription)"
            #expect(
                message.contains("release.updates_list \"movement-dta\" is not one of channels.mail.lists"),
                "\(message)")
            #expect(message.contains("movement-data"))
        }
    }
}
