import CohortTestSupport
import Foundation
import Testing

/// What went out stays as it went out; dates keep their history; shifts keep the timeline's shape.
@Suite struct FrozenHistoryTests {
    @discardableResult
    static func succeed(_ arguments: [String], in folder: TemporaryFolder) throws -> ProcessResult {
        let result = try Processes.cohort(arguments, in: folder.url)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    @Test func theSentOutcomeStaysAsSentWhileThePublicWaveSlipsTwice() throws {
        let sink = try SMTPSink()
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true, records: true)
        let slug = "2022-06-outcome"
        let sent = try Processes.cohort(
            [
                "announce", "send", slug, "--smtp-url", sink.url, "--use-tls", "none", "--now",
                "2022-06-15T16:00:00Z", "--allow-unpublished-link",
            ], in: folder.url)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try sink.received().count == 2)
        let before = try RecordContextTests.outputs(folder).filter { $0.key.hasPrefix("announcements/\(slug)/") }
        #expect(before.count == 5)

        try Self.succeed(
            [
                "release", "slip", "public", "--to", "2023-H1", "--reason", "The pipeline moved to a new platform.",
                "--now", "2022-09-01T18:00:00Z",
            ], in: folder)
        try Self.succeed(
            [
                "release", "slip", "public", "--to", "2023-H2", "--reason", "Partners need longer onboarding.",
                "--now", "2022-12-01T18:00:00Z",
            ], in: folder)
        let first = "announcements/2022-09-01-public-delay"
        let second = "announcements/2022-12-01-public-delay"
        #expect(
            try folder.read("\(second)/meta.wiki").contains(
                "The Initial public dashboard, first planned for May–June 2022, then the second half of 2022, is now planned for <strong>the second half of 2023</strong>."
            ), "the second notice lists every earlier date said in public: the first notice was drafted, never sent")
        let firstNotice = try folder.read("\(first)/meta.wiki")
        #expect(
            firstNotice.contains(
                "first planned for May–June 2022, then the second half of 2022, is now planned for <strong>the first half of 2023</strong>."
            ), "the first notice keeps the dates it was written with")

        let build = try Processes.cohort(["build", "--now", "2022-12-02T00:00:00Z"], in: folder.url)
        let after = try RecordContextTests.outputs(folder).filter { $0.key.hasPrefix("announcements/\(slug)/") }
        #expect(after == before, "what went out, and its context, are never rendered again")
        #expect(
            build.stdout.contains(
                "announcements/\(slug)/mail.eml: sent on 15 June 2022; would now read differently (wave.public: 2022-H2 → 2023-H2); draft a follow-up with `cohort announce follow-up \(slug)`"
            ), "\(build.stdout)\n\(build.stderr)")
        #expect(try folder.read("\(first)/meta.wiki") == firstNotice, "a later slip leaves the earlier notice alone")
        #expect(!build.stderr.contains("\(first)/context.json"), "the earlier notice is not stale: it is dated before")
        #expect(build.stderr.contains("announcements/2022-h2-public-release/context.json:1:1: older than the records"))

        let refresh = try Processes.cohort(
            ["announce", "render", "--refresh", slug, "--now", "2022-12-02T00:00:00Z"], in: folder.url)
        #expect(refresh.status == 0, "\(refresh.stderr)")
        #expect(try RecordContextTests.outputs(folder).filter { $0.key.hasPrefix("announcements/\(slug)/") } == before)

        let followUp = try Self.succeed(["announce", "follow-up", slug, "--now", "2022-12-02T00:00:00Z"], in: folder)
        #expect(followUp.stdout.contains("announcements/2022-12-01-2022-06-outcome-follow-up.md"))
        let draft = try folder.read("announcements/2022-12-01-2022-06-outcome-follow-up.md")
        #expect(
            draft.contains(
                "- {{wave.public.name}} is now planned for {{wave.public.date_phrase}}; we wrote the second half of 2022."
            ))
        let rendered = try Self.succeed(
            ["announce", "render", "2022-12-01-2022-06-outcome-follow-up", "--now", "2022-12-02T00:00:00Z"], in: folder)
        #expect(rendered.status == 0)
        #expect(
            try folder.read("announcements/2022-12-01-2022-06-outcome-follow-up/meta.wiki").contains(
                "Initial public dashboard is now planned for the second half of 2023; we wrote the second half of 2022."
            ))
        let status = try Self.succeed(["announce", "status", slug, "--json"], in: folder)
        #expect(status.stdout.contains("\"output_differs\" : false"))
    }

    @Test func aCommittedOutputEditedAfterItWentOutIsAProblem() throws {
        let sink = try SMTPSink()
        let folder = try SendCommandTests.workspace(recipients: 1)
        let sent = try SendCommandTests.send("bulk", sink, in: folder, ["--now", "2022-03-01T10:00:00Z"])
        #expect(sent.status == 0, "\(sent.stderr)")
        try Self.succeed(["announce", "render", "--now", "2022-03-01T11:00:00Z"], in: folder)
        let path = "announcements/bulk/mail.eml"
        try folder.write(path, try folder.read(path).replacingOccurrences(of: "Hello.", with: "Hello again."))
        let check = try Processes.cohort(
            ["announce", "render", "--check", "--now", "2022-03-01T12:00:00Z"], in: folder.url)
        #expect(check.status == 65)
        #expect(
            check.stderrLines.first?.hasPrefix("\(path): differs from what went out on 1 March 2022") == true,
            "\(check.stderr)")
        let render = try Processes.cohort(["announce", "render", "--now", "2022-03-01T12:00:00Z"], in: folder.url)
        #expect(try folder.read(path).contains("Hello again."), "a render never rewrites what went out")
        #expect(render.status == 65)
    }

    /// A timeline where coding-complete follows input-closes by two weeks and must be done by 30 April.
    static let relative = """
        timeline:
          phases:
            - id: input
              name: Input
              start: 2022-02
              end: 2022-04
            - id: outcome
              name: Outcome
              start: 2022-05
              end: 2022-06
          milestones:
            - id: input-closes
              name: Input closes
              date: 2022-03-28
              phase: input
            - id: coding-complete
              name: Coding complete
              after: {id: input-closes, lag: 2w}
              deadline: 2022-04-30
              phase: input
            - id: results-blog
              name: Results on the blog
              date: 2022-06
              phase: outcome

        """

    @Test func aRelativeItemMovesAgainWithEveryShiftAndCheckSeesWhatShiftsBroke() throws {
        let configuration = try Repository.exampleConfiguration()
        let start = configuration.range(of: "timeline:\n")!.lowerBound
        let end = configuration.range(of: "pilot:\n")!.lowerBound
        let folder = try TemporaryFolder.workspace(
            configuration: configuration.replacingCharacters(in: start..<end, with: Self.relative + "\n"))
        try Self.succeed(["check"], in: folder)
        let first = try Self.succeed(
            [
                "timeline", "shift", "input-closes", "--delay", "15d", "--reason", "More sessions", "--now",
                "2022-03-20T00:00:00Z",
            ], in: folder)
        #expect(first.stdoutLines.contains("Moved milestone coding-complete: 11 April 2022 → 26 April 2022"))
        try Self.succeed(["check"], in: folder)
        let second = try Self.succeed(
            [
                "timeline", "shift", "input-closes", "--delay", "7d", "--reason", "A holiday", "--now",
                "2022-03-25T00:00:00Z",
            ], in: folder)
        #expect(second.stdoutLines.contains("Moved milestone coding-complete: 26 April 2022 → 3 May 2022"))
        let check = try Processes.cohort(["check"], in: folder.url)
        #expect(check.status == 65)
        #expect(
            check.stderr.contains(
                "milestone \"coding-complete\" (3 May 2022) (moved with what it is after on 2022-03-25T00:00:00Z: A holiday) is 3 days past its deadline 30 April 2022"
            ), "\(check.stderr)")
        #expect(
            check.stderr.contains(
                "milestone \"coding-complete\" (3 May 2022) (moved with what it is after on 2022-03-25T00:00:00Z: A holiday) falls outside its phase \"input\" (February–April 2022)"
            ))

        let own = try Self.succeed(
            [
                "timeline", "shift", "coding-complete", "--delay", "2d", "--reason", "A judge is away", "--now",
                "2022-03-26T00:00:00Z",
            ], in: folder)
        #expect(own.stdoutLines.first == "Moved milestone coding-complete: 3 May 2022 → 5 May 2022")
        let third = try Self.succeed(
            [
                "timeline", "shift", "input-closes", "--delay", "1d", "--reason", "One more day", "--now",
                "2022-03-27T00:00:00Z",
            ], in: folder)
        #expect(
            third.stdoutLines.contains("Moved milestone coding-complete: 5 May 2022 → 6 May 2022"),
            "a shifted relative item stays relative")

        let blog = try Self.succeed(
            [
                "timeline", "shift", "results-blog", "--to", "2021-01", "--reason", "typo", "--now",
                "2022-03-28T00:00:00Z",
            ], in: folder)
        #expect(blog.status == 0)
        let broken = try Processes.cohort(["check"], in: folder.url)
        #expect(broken.status == 65)
        #expect(
            broken.stderr.contains(
                "milestone \"results-blog\" (January 2021) (shifted on 2022-03-28T00:00:00Z: typo) falls outside its phase \"outcome\" (May–June 2022)"
            ))
    }
}
