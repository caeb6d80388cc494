import CohortTestSupport
import Foundation
import Testing

/// `approvals.announcements: N`: a mail goes only once N people other than the sender approved
/// its exact content.
@Suite struct AnnouncementApprovalTests {
    static func at(_ day: Int) -> [String] { ["--now", String(format: "2022-03-%02dT09:00:00Z", day)] }

    @Test func aSelfApprovalDoesNotCountAnotherPersonsDoesAndAnEditVoidsIt() throws {
        let folder = try SendCommandTests.workspace(recipients: 2)
        try folder.write("cohort.yaml", try folder.read("cohort.yaml") + "\napprovals:\n  announcements: 1\n")
        let sink = try SMTPSink()
        func send(_ day: Int, _ extra: [String] = []) throws -> ProcessResult {
            try SendCommandTests.send("bulk", sink, in: folder, ["--by", "Ana"] + Self.at(day) + extra)
        }
        func approve(_ by: String, _ day: Int) throws {
            let approve = try Processes.cohort(
                ["announce", "approve", "bulk", "--by", by] + Self.at(day), in: folder.url)
            #expect(approve.status == 0, "\(approve.stderr)")
            #expect(approve.stdout.contains("\(by) approved bulk:"), "\(approve.stdout)")
        }

        let unapproved = try send(2)
        #expect(unapproved.status == 77, "\(unapproved.stderr)")
        #expect(unapproved.stderr.contains("needs 1 approval of its current content"), "\(unapproved.stderr)")
        try approve("Ana", 3)
        let selfApproved = try send(4)
        #expect(selfApproved.status == 77, "a self-approval does not count: \(selfApproved.stderr)")
        #expect(selfApproved.stderr.contains("by someone other than Ana; it has none"), "\(selfApproved.stderr)")
        let override = try send(4, ["--override-approval", "--reason", "urgent"])
        #expect(override.status == 77, "allow_override is off: \(override.stderr)")
        #expect(override.stderr.contains("approvals.allow_override is not true"), "\(override.stderr)")

        try approve("Ben", 5)
        try folder.write(
            "announcements/bulk.md",
            try folder.read("announcements/bulk.md").replacingOccurrences(
                of: "Hello.", with: "Hello, and welcome."))
        try SendCommandTests.render(folder)
        let edited = try send(6)
        #expect(edited.status == 77, "an edit after the approval voids it: \(edited.stderr)")
        let status = try Processes.cohort(["announce", "status", "bulk", "--json"] + Self.at(6), in: folder.url)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(
            try readJSON(
                status.stdout,
                "[(a['by'], a['current']) for c in d['announcements'][0]['channels'] for a in c['approvals']]") == [
                    "[('Ana', False), ('Ben', False)]"
                ])
        #expect(try sink.received().isEmpty, "nothing went out")

        try approve("Ben", 7)
        let approved = try send(8)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(try SendCommandTests.summary(approved)["sent"] == 2)
        #expect(try sink.received().count == 2)
    }

    @Test func aWaveOpensOnlyWithApproversOtherThanTheOpener() throws {
        let folder = try TemporaryFolder.workspace()
        try folder.write("cohort.yaml", try folder.read("cohort.yaml") + "\napprovals:\n  releases: 1\n")
        func run(_ arguments: [String], _ day: Int) throws -> ProcessResult {
            try Processes.cohort(
                ["release"] + arguments + ["--now", String(format: "2022-02-%02dT09:00:00Z", day)], in: folder.url)
        }
        let unapproved = try run(["open", "pilot", "--by", "Ana"], 15)
        #expect(unapproved.status == 77, "\(unapproved.stderr)")
        #expect(
            unapproved.stderr.contains("wave:pilot needs 1 approval by someone other than Ana"), "\(unapproved.stderr)")
        #expect(try run(["approve", "pilot", "--by", "Ana"], 16).status == 0)
        let selfApproved = try run(["open", "pilot", "--by", "Ana"], 17)
        #expect(selfApproved.status == 77, "a self-approval does not count: \(selfApproved.stderr)")
        let approve = try run(["approve", "pilot", "--by", "Ben"], 18)
        #expect(approve.status == 0, "\(approve.stderr)")
        // Its gate (no enrolled members yet) is overridden: the approvals are what is tested.
        let opened = try run(["open", "pilot", "--by", "Ana", "--override", "--reason", "dry run of the wave"], 19)
        #expect(opened.status == 0, "\(opened.stderr)")
    }
}
