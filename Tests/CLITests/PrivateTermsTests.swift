import CohortTestSupport
import Foundation
import Testing

/// What is private stays private: what the records know to be private is caught in every output
/// it reaches and stops every channel, before any login.
@Suite struct PrivateTermsTests {
    static let now = ["--now", "2022-06-20T00:00:00Z"]
    static let slug = "2022-06-outcome"
    static let planted =
        "As ameliaK and Achieng Otieno said in the NDA session at https://meet.example.org/equity-landscape, rank affiliates?"

    /// The example program with its records (an enrolled cohort, partners, an NDA session) and a
    /// feedback text in the outcome's context that names a participant, a partner's contact and
    /// the session's link.
    static func plantedWorkspace() throws -> TemporaryFolder {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true, records: true)
        for file in ["data/signups.csv", "data/partners.csv"] {
            try folder.write(
                file, try String(contentsOf: Repository.root.appendingPathComponent(file), encoding: .utf8))
        }
        for command in [
            ["pilot", "import", "data/signups.csv"], ["pilot", "select"], ["partner", "import", "data/partners.csv"],
            [
                "workshop", "add", "--title", "Pilot session", "--start", "2022-03-18T16:00:00Z", "--capacity", "9",
                "--link", "https://meet.example.org/equity-landscape",
            ],
        ] {
            let result = try Processes.cohort(command + ["--now", "2022-03-16T00:00:00Z"], in: folder.url)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        let path = "announcements/\(slug)/context.json"
        try folder.write(
            path,
            try folder.read(path).replacingOccurrences(
                of: "Can we rank affiliates against each other by performance?", with: planted))
        let render = try Processes.cohort(["announce", "render", slug] + now, in: folder.url)
        #expect(render.status == 0, "\(render.stderr)")
        return folder
    }

    /// `file:line:column` of the first `needle` in `text`, counted in Unicode scalars.
    static func at(_ needle: String, in text: String, file: String) -> String {
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if let range = line.range(of: needle) {
                return "\(file):\(index + 1):\(line[..<range.lowerBound].unicodeScalars.count + 1)"
            }
        }
        return "<\(needle) not in \(file)>"
    }

    @Test func aPlantedNameUsernameAndSessionLinkAreFoundInEveryOutputAndStopEveryChannel() throws {
        let folder = try Self.plantedWorkspace()
        let lint = try Processes.cohort(["announce", "lint", Self.slug] + Self.now, in: folder.url)
        #expect(lint.status == 65)
        let terms = [
            ("ameliaK", "an enrolled pilot participant's username"), ("Achieng Otieno", "a partner's contact name"),
            ("https://meet.example.org/equity-landscape", "the meeting link of pilot session 1"),
        ]
        for name in ["meta.wiki", "blog.html", "context.json"] {
            let file = "announcements/\(Self.slug)/\(name)"
            let text = try folder.read(file)
            for (term, what) in terms {
                // Wikitext writes a link's colon as an entity, so that it is not a link: found all the same.
                let written = name == "meta.wiki" ? term.replacingOccurrences(of: "https:", with: "https&#58;") : term
                let place =
                    name == "context.json" ? "a record context, which public channels quote" : "a public channel"
                #expect(
                    lint.stderrLines.contains(
                        "\(Self.at(written, in: text, file: file)): \"\(term)\" is \(what) in \(place); remove it"),
                    "\(term) in \(file): \(lint.stderr)")
            }
        }
        for part in ["text part", "html part"] {
            for (term, _) in terms {
                #expect(
                    lint.stderrLines.contains {
                        $0.hasPrefix("announcements/\(Self.slug)/mail.eml (\(part)):") && $0.contains("\"\(term)\" is ")
                    }, "\(term) in the mail's \(part): \(lint.stderr)")
            }
        }
        #expect(!lint.stderr.contains("amelia.k@example.org"), "\(lint.stderr)")

        // No SMTP relay, no blog login: lint refuses first.
        let send = try Processes.cohort(["announce", "send", Self.slug] + Self.now, in: folder.url)
        #expect(send.status == 65, "\(send.stderr)")
        #expect(send.stderr.contains("\"ameliaK\" is an enrolled pilot participant's username"), "\(send.stderr)")
        for dryRun in [[], ["--dry-run"]] {
            let publish = try Processes.cohort(
                ["announce", "publish", Self.slug, "--channel", "blog"] + dryRun + Self.now, in: folder.url)
            #expect(publish.status == 65, "\(dryRun): \(publish.stderr)")
            #expect(
                publish.stderr.contains(
                    "announcements/\(Self.slug)/blog.html:"), "\(publish.stderr)")
            #expect(!publish.stderr.contains("no login"), "\(publish.stderr)")
        }
        let unreasoned = try Processes.cohort(
            ["announce", "publish", Self.slug, "--channel", "meta", "--override-lint"] + Self.now, in: folder.url)
        #expect(unreasoned.status == 64, "\(unreasoned.stderr)")
    }
}
