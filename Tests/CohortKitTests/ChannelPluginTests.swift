import CohortKit
import CohortTestSupport
import Foundation
import Testing

/// A fifth channel, defined here and nowhere else: a carrier pigeon. It proves the seam: its
/// section of `cohort.yaml` is its own to decode, and it is rendered, shown, published and given
/// a lifecycle through the registry, touching no other channel's code.
struct PigeonChannel: Channel {
    static let name = AnnouncementChannel(rawValue: "pigeon")!

    let id = PigeonChannel.name
    let loft: Loft

    func settingsProblems(_ program: Program) -> [Diagnostic] {
        guard let section = program.channels.sections[id.rawValue] else { return [] }
        return section.problems("channels.pigeon", allowed: ["loft"], required: ["loft"])
    }

    func render(_ announcement: ChannelRendering) throws -> String? {
        "Coo! \(announcement.source.title)\n" + (announcement.source.blog.url.map { "Read on: \($0)\n" } ?? "")
    }

    func lint(_ text: String, of announcement: ChannelRendering) -> [Diagnostic] {
        text.count > 280
            ? [Diagnostic(SourceLocation(file: "announcements/\(announcement.source.slug)/pigeon.txt"), "too heavy")]
            : []
    }

    func publish(_ text: String, context: ChannelContext) throws -> PublishReport {
        if context.options.dryRun { return PublishReport(channel: id, result: .created, dryRun: true) }
        let place = context.session.program.channels.sections[id.rawValue]?["loft"]?.text ?? "nowhere"
        loft.send("from \(place): \(text)")
        try context.record(.published, text: text, details: ChannelDetails(note: "released from the loft"))
        return PublishReport(channel: id, result: .created, dryRun: false)
    }
}

/// What the pigeons carried.
final class Loft: @unchecked Sendable {
    // @unchecked: `carried` is read and written under `lock` only.
    private let lock = NSLock()
    private var carried: [String] = []

    var messages: [String] { lock.withLock { carried } }
    func send(_ text: String) { lock.withLock { carried.append(text) } }
}

@Suite("Channels are plug-ins")
struct ChannelPluginTests {
    static let slug = "pigeon-post"
    static let now = Instant.parse("2022-06-15T10:00:00Z")!

    /// The example with the pigeon's own section of `cohort.yaml` (`pigeon`: its lines; nil: none).
    static func workspace(pigeon: String? = "    loft: The roof of the office\n") throws -> TemporaryFolder {
        let configuration = try Repository.exampleConfiguration().replacingOccurrences(
            of: "\nchannels:\n", with: "\nchannels:\n" + (pigeon.map { "  pigeon:\n" + $0 } ?? ""))
        let folder = try TemporaryFolder.example(announcement: "2022-06-outcome", configuration: configuration)
        try folder.write(
            "announcements/\(slug).md",
            """
            ---
            title: The dashboard by pigeon
            kind: update
            date: 2022-06-20
            channels: [blog, pigeon]
            blog:
              slug: \(slug)
              url: https://diff.example.org/\(slug)/
              categories: [Research]
            ---
            The dashboard goes out to partners first.

            """)
        return folder
    }

    static func session(_ folder: TemporaryFolder, loft: Loft) throws -> ProgramSession {
        try ProgramSession.open(
            workspace: folder.url.path, from: folder.url, channels: .standard.adding(PigeonChannel(loft: loft)))
    }

    @Test func aFifthChannelRendersShowsPublishesAndHasALifecycleThroughTheRegistry() throws {
        let folder = try Self.workspace()
        let loft = Loft()
        let session = try Self.session(folder, loft: loft)
        #expect(session.channels.ids.map(\.rawValue) == ["meta", "blog", "mail", "social", "pigeon"])

        let build = try AnnouncementBuild(session: session, now: Self.now)
        let report = try build.run([Self.slug], checkOnly: false)
        #expect(report.ok)
        let expected = "Coo! The dashboard by pigeon\nRead on: https://diff.example.org/\(Self.slug)/\n"
        #expect(try folder.read("announcements/\(Self.slug)/pigeon.txt") == expected)
        #expect(folder.exists("announcements/\(Self.slug)/blog.html"))
        #expect(try build.show(Self.slug, channel: PigeonChannel.name).text == expected)

        let audit = AuditContext(now: Self.now, actor: "rosa", command: "announce publish")
        let published = try Publishing(session).publish(
            Self.slug, on: PigeonChannel.name, options: PublishOptions(), audit: audit, environment: [:])
        #expect(published.channel == "pigeon")
        #expect(published.result == .created)
        #expect(loft.messages == ["from The roof of the office: \(expected)"], "its own settings, decoded by it")

        let status = try AnnouncementDesk(session).announcementStatus(Self.slug).announcements.first
        let pigeon = status?.channels.first { $0.channel == PigeonChannel.name }
        #expect(pigeon?.state == .published)
        #expect(pigeon?.latest?.hash == ContentDigest.sha256(expected))
        #expect(pigeon?.output == "announcements/\(Self.slug)/pigeon.txt")
    }

    @Test func itsSettingsAreItsOwnToCheck() throws {
        let folder = try Self.workspace(pigeon: "    perch: The roof\n")
        #expect(throws: WorkspaceError.self) { try Self.session(folder, loft: Loft()) }
        do {
            _ = try Self.session(folder, loft: Loft())
        } catch {
            let text = (error as? WorkspaceError)?.errorDescription ?? ""
            #expect(text.contains("unknown key \"perch\" in channels.pigeon"), "\(text)")
            #expect(text.contains("channels.pigeon is missing \"loft\""), "\(text)")
        }
    }

    @Test func withoutItsPlugInTheChannelIsUnknown() throws {
        let folder = try Self.workspace(pigeon: nil)
        let session = try ProgramSession.open(workspace: folder.url.path, from: folder.url)
        let build = try AnnouncementBuild(session: session, now: Self.now)
        #expect(throws: (any Error).self) { try build.source(Self.slug) }
        do {
            _ = try build.source(Self.slug)
        } catch {
            #expect("\(error)".contains("unknown channel \"pigeon\""), "\(error)")
        }
        let audit = AuditContext(now: Self.now, actor: "rosa", command: "announce publish")
        #expect(throws: PublishError.unknownChannel("pigeon", known: ["meta", "blog", "mail", "social"])) {
            try Publishing(session).publish(
                "2022-06-outcome", on: PigeonChannel.name, options: PublishOptions(), audit: audit, environment: [:])
        }
    }
}
