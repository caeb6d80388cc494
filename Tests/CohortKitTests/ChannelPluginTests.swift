import CohortCore
import CohortKit
import CohortTestSupport
import Foundation
import Testing

/// A fifth channel, defined here and nowhere else: a carrier pigeon. It proves the seam: it is
/// rendered, shown, published and given a lifecycle through the registry, touching no other
/// channel's code.
struct PigeonChannel: Channel {
    static let name = AnnouncementChannel(rawValue: "pigeon")!

    let id = PigeonChannel.name
    let loft: Loft

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
        loft.send(text)
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

    static func workspace() throws -> TemporaryFolder {
        let folder = try TemporaryFolder.example(
            announcement: "2022-06-outcome", configuration: try Repository.exampleConfiguration())
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
        var session = try ProgramSession.open(workspace: folder.url.path, from: folder.url)
        session.channels = session.channels.adding(PigeonChannel(loft: loft))
        return session
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
        let published = try session.publish(
            Self.slug, on: PigeonChannel.name, options: PublishOptions(), audit: audit, environment: [:])
        #expect(published.channel == "pigeon")
        #expect(published.result == .created)
        #expect(loft.messages == [expected])

        let status = try session.announcementStatus(Self.slug).announcements.first
        let pigeon = status?.channels.first { $0.channel == PigeonChannel.name }
        #expect(pigeon?.state == .published)
        #expect(pigeon?.latest?.hash == ContentDigest.sha256(expected))
        #expect(pigeon?.output == "announcements/\(Self.slug)/pigeon.txt")
    }

    @Test func withoutItsPlugInTheChannelIsUnknown() throws {
        let folder = try Self.workspace()
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
            try session.publish(
                "2022-06-outcome", on: PigeonChannel.name, options: PublishOptions(), audit: audit, environment: [:])
        }
    }
}
