import CohortTestSupport
import Foundation
import Testing

/// `cohort announce` and `cohort build` as users run them, with every output format read back by an
/// independent parser: Python's `email`, `mwparserfromhell` and `html5lib`.
@Suite struct AnnounceCommandTests {
    static let exampleSlugs = [
        "2022-01-call-for-participation", "2022-02-office-hours", "2022-05-dashboard-delay", "2022-06-outcome",
        "2022-h2-public-release",
    ]

    /// Reads a mail with Python's email package and prints what the tests compare.
    static let mailChecker = """
        import email, email.policy, sys
        sys.stdout.reconfigure(encoding="utf-8")
        raw = open(sys.argv[1], "rb").read()
        assert b"\\n" not in raw.replace(b"\\r\\n", b""), "bare LF"
        m = email.message_from_bytes(raw, policy=email.policy.default)
        defects = [d for part in m.walk() for d in part.defects]
        print("defects", len(defects), defects)
        print("type", m.get_content_type(), [p.get_content_type() for p in m.iter_parts()])
        for name in ["From", "To", "Reply-To", "Subject", "Message-ID", "Bcc", "Cc"]:
            print(name, m[name])
        text = m.get_body(("plain",)).get_content()
        html = m.get_body(("html",)).get_content()
        print("text", text.replace("\\n", "\\\\n"))
        print("html", html.replace("\\n", "\\\\n"))
        """

    /// Reads wikitext with mwparserfromhell and prints the nodes that could do something.
    static let wikiChecker = """
        import mwparserfromhell, sys
        sys.stdout.reconfigure(encoding="utf-8")
        code = mwparserfromhell.parse(open(sys.argv[1], encoding="utf-8").read())
        print("templates", [str(t) for t in code.filter_templates()])
        print("wikilinks", [str(l.title) for l in code.filter_wikilinks()])
        print("external", sorted(str(l.url) for l in code.filter_external_links()))
        print("tags", sorted(set(str(t.tag) for t in code.filter_tags())))
        print("headings", [str(h.title).strip() for h in code.filter_headings()])
        """

    /// Parses HTML with html5lib, reporting parse errors and the elements used.
    static let htmlChecker = """
        import html5lib, sys
        text = open(sys.argv[1], encoding="utf-8").read()
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        tree = parser.parseFragment(text) if not text.lstrip().lower().startswith("<!doctype") else parser.parse(text)
        print("errors", [e[1] for e in parser.errors])
        print("elements", sorted(set(e.tag for e in tree.iter() if isinstance(e.tag, str))))
        print("hrefs", sorted(e.get("href") for e in tree.iter("a")))
        """

    static func lines(_ result: ProcessResult) -> [String: String] {
        var map: [String: String] = [:]
        for line in result.stdoutLines {
            let parts = line.split(separator: " ", maxSplits: 1)
            map[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return map
    }

    /// A temporary copy of the example workspace: cohort.yaml, templates, announcement sources
    /// and (with `outputs`) their committed renderings and report, and (with `records`) the
    /// example's feedback imported from data/*.csv, or (with `replay`) all its records as
    /// Scripts/example-records replays them.
    static func exampleCopy(outputs: Bool = false, records: Bool = false, replay: Bool = false) throws
        -> TemporaryFolder
    {
        let folder = try TemporaryFolder.workspace()
        let root = Repository.root
        var files = [
            "templates/meta.wiki.mustache", "templates/blog.html.mustache", "templates/mail.txt.mustache",
            "templates/mail.html.mustache", "templates/partials/signature.mustache", "templates/social.txt.mustache",
            "data/feedback.csv",
            "data/codes.csv", "calendar/program.ics",
        ]
        files += exampleSlugs.map { "announcements/\($0).md" }
        if outputs {
            files.append("calendar/report.html")
            for slug in exampleSlugs {
                for name in ["meta.wiki", "blog.html", "mail.eml", "social.txt", "context.json"] {
                    let relative = "announcements/\(slug)/\(name)"
                    if FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path) {
                        files.append(relative)
                    }
                }
            }
        }
        for relative in files {
            let data = try Data(contentsOf: root.appendingPathComponent(relative))
            try folder.write(relative, String(decoding: data, as: UTF8.self))
        }
        if replay {
            let script = Repository.root.appendingPathComponent("Scripts/example-records")
            let result = try Processes.run(script, ["--cohort", Processes.cohortBinary.path, folder.url.path])
            #expect(result.status == 0, "Scripts/example-records: \(result.stderr)")
        } else if records {
            for command in [
                ["feedback", "import", "data/feedback.csv", "--now", "2022-03-15T00:00:00Z"],
                ["feedback", "import-codes", "data/codes.csv", "--now", "2022-03-15T00:00:00Z"],
            ] {
                let result = try Processes.cohort(command, in: folder.url)
                #expect(result.status == 0, "\(command): \(result.stderr)")
            }
        }
        return folder
    }

    @Test func committedExampleOutputsAreUpToDate() throws {
        // The committed renderings and report, made again from the example's sources and records
        // (data/*.csv, replayed by Scripts/example-records) in a copy, so the test never writes
        // into the repository.
        let folder = try Self.exampleCopy(outputs: true, replay: true)
        let result = try Processes.cohort(["announce", "render", "--check"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines == ["5 announcements up to date"])
        let build = try Processes.cohort(["build", "--check"], in: folder.url)
        #expect(build.status == 0, "\(build.stderr)")
    }

    @Test func theOutcomeListsWhatGoesToTheParkingLotAndTheChallengePoints() throws {
        let path = Repository.root.appendingPathComponent("announcements/2022-06-outcome/meta.wiki").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("We received 40 comments and session notes."))
        #expect(text.contains("==== Challenge points ===="))
        #expect(text.contains("* This tool should decide automatically which regions get funding. (equity-framing)"))
        #expect(!text.contains("Ananya R."), "authors never appear in public channels")
    }

    @Test(arguments: exampleSlugs)
    func exampleMailParsesWithoutDefects(slug: String) throws {
        let path = Repository.root.appendingPathComponent("announcements/\(slug)/mail.eml").path
        let read = Self.lines(try Processes.python(Self.mailChecker, [path]))
        #expect(read["defects"] == "0 []")
        #expect(read["type"] == "multipart/alternative ['text/plain', 'text/html']")
        #expect(read["From"] == "Equity Landscape team <equity-landscape@example.org>")
        #expect(read["To"]?.contains("movement-data@lists.example.org") == true)
        #expect(read["Message-ID"]?.hasSuffix("@example.org>") == true)
        #expect(read["Bcc"] == "None")
        #expect(read["Subject"]?.isEmpty == false)
        let source = try String(
            contentsOf: Repository.root.appendingPathComponent("announcements/\(slug).md"), encoding: .utf8)
        if let url = source.split(separator: "\n").first(where: { $0.hasPrefix("  url: ") })?.dropFirst(7) {
            #expect(read["text"]?.contains(String(url)) == true, "the mail links the blog post")
            #expect(read["html"]?.contains("href=\"\(url)\"") == true)
        }
    }

    @Test(arguments: exampleSlugs)
    func exampleWikiHasNoTemplatesAndOnlyIntendedLinks(slug: String) throws {
        let path = Repository.root.appendingPathComponent("announcements/\(slug)/meta.wiki").path
        let read = Self.lines(try Processes.python(Self.wikiChecker, [path]))
        #expect(read["templates"] == "[]")
        let external = read["external"] ?? ""
        #expect(!external.contains("javascript"))
        #expect(external == "[]" || external.contains("https://diff.example.org/"))
        #expect(read["headings"]?.hasPrefix("['") == true)
    }

    @Test(arguments: exampleSlugs.filter { $0 != "2022-02-office-hours" })
    func exampleBlogIsValidHTML(slug: String) throws {
        let path = Repository.root.appendingPathComponent("announcements/\(slug)/blog.html").path
        let read = Self.lines(try Processes.python(Self.htmlChecker, [path]))
        #expect(read["errors"] == "[]")
        #expect(read["elements"]?.contains("'script'") == false)
    }

    @Test func theCallLinksTheTalkPageAsAWikiLink() throws {
        let path = Repository.root.appendingPathComponent("announcements/2022-01-call-for-participation/meta.wiki").path
        let read = Self.lines(try Processes.python(Self.wikiChecker, [path]))
        #expect(
            read["wikilinks"]
                == "[':Talk:Global Data and Insights Team/Movement Data/Equity Landscape/Pilot & Consultation']")
    }

    @Test func hostileValuesReachEveryChannelInert() throws {
        let hostile = "{{subst:Foo}}[[Category:Spam]]<script>alert(1)</script>"
        let configuration = try Repository.exampleConfiguration()
            .replacingOccurrences(
                of: "  name: Equity Landscape pilot & consultation 2022",
                with: "  name: \"\(hostile)\""
            )
            .replacingOccurrences(of: "    name: Rosa Quintero", with: "    name: \"Ann Bcc: x@example.org\"")
        let folder = try Self.exampleCopy()
        try folder.write("cohort.yaml", configuration)
        try folder.write(
            "announcements/hostile.md",
            """
            ---
            title: "\(hostile) Ann Bcc: x@example.org"
            kind: update
            date: 2022-03-01
            channels: [meta, blog, mail]
            meta:
              section: "\(hostile)"
            blog:
              url: https://diff.example.org/2022/03/01/hostile/
            mail:
              to: [movement-data]
              subject: "{{program.name}} Ann Bcc: x@example.org"
            ---
            Hello from {{program.name}} and {{program.contact_name}}.

            """)
        let render = try Processes.cohort(["announce", "render", "hostile"], in: folder.url)
        #expect(render.status == 0, "\(render.stderr)")

        let mail = Self.lines(try Processes.python(Self.mailChecker, [folder.path("announcements/hostile/mail.eml")]))
        #expect(mail["defects"] == "0 []")
        #expect(mail["Bcc"] == "None")
        #expect(mail["Subject"] == "\(hostile) Ann Bcc: x@example.org")

        let wiki = Self.lines(try Processes.python(Self.wikiChecker, [folder.path("announcements/hostile/meta.wiki")]))
        #expect(wiki["templates"] == "[]")
        #expect(wiki["wikilinks"] == "[]")
        #expect(wiki["tags"]?.contains("script") == false)
        #expect(wiki["external"] == "['https://diff.example.org/2022/03/01/hostile/']")

        let html = Self.lines(try Processes.python(Self.htmlChecker, [folder.path("announcements/hostile/blog.html")]))
        #expect(html["elements"]?.contains("'script'") == false)
        #expect(html["errors"] == "[]")
    }

    @Test func brokenFrontMatterIsLocatedAndNothingIsWritten() throws {
        let folder = try Self.exampleCopy()
        try folder.write(
            "announcements/broken.md",
            "---\ntitle: Broken\nkind: updat\ndate: 2022-13-01\nchannels: [meta]\n---\nBody\n")
        let result = try Processes.cohort(["announce", "render"], in: folder.url)
        #expect(result.status == 65)
        #expect(
            result.stderrLines == [
                "announcements/broken.md:3:7: unknown kind \"updat\"; did you mean \"update\"?; kinds: call-for-participation, workshop, outcome, delay, release, update",
                "announcements/broken.md:4:7: date \"2022-13-01\" is not a day (2022-01-24) or an instant (2022-01-24T17:00:00Z)",
                "cohort: 2 problems found",
            ])
        #expect(!folder.exists("announcements/2022-06-outcome/meta.wiki"), "no announcement is written when one fails")
    }

    @Test func unknownVariableAndTemplateErrorsAreLocated() throws {
        let folder = try Self.exampleCopy()
        try folder.write(
            "announcements/typo.md",
            "---\ntitle: Typo\nkind: update\ndate: 2022-03-01\nchannels: [meta]\n---\nFirst line.\nInput closes {{milestone.input-closse.date}}.\n"
        )
        try folder.write(
            "templates/update/meta.wiki.mustache", "== {{announcement.title}} ==\n{{#phases}}\n{{{body}}}\n")
        let result = try Processes.cohort(["announce", "render", "typo"], in: folder.url)
        #expect(result.status == 65)
        #expect(
            result.stderrLines == [
                "announcements/typo.md:8:14: unknown variable \"milestone.input-closse.date\": \"milestone\" has no \"input-closse\"; did you mean \"input-closes\"?",
                "templates/update/meta.wiki.mustache:2:1: section {{#phases}} is never closed; add {{/phases}}",
                "cohort: 2 problems found",
            ])
        #expect(!folder.exists("announcements/typo"))
    }

    @Test func lintPassesOnTheExampleAndFindsAPlantedAddress() throws {
        let example = try Self.exampleCopy(records: true)  // held: a released folder is deleted
        let clean = try Processes.cohort(["announce", "lint"], in: example.url)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdoutLines == ["5 announcements: no problems"])

        let folder = try Self.exampleCopy()
        let path = "announcements/2022-06-outcome.md"
        let text = try folder.read(path).replacingOccurrences(
            of: "Thank you to everyone who took part.", with: "Thank you, maria.lopez@example.net, and everyone.")
        try folder.write(path, text)
        let planted = try Processes.cohort(["announce", "lint", "2022-06-outcome"], in: folder.url)
        #expect(planted.status == 65)
        #expect(
            planted.stderrLines.first
                == "announcements/2022-06-outcome.md:22:12: \"maria.lopez@example.net\" is a personal mail address in a public channel; remove it"
        )
        #expect(planted.stderrLines.last == "cohort: 1 problem found")
    }

    @Test func newWritesASkeletonThatRendersAndRefusesToOverwrite() throws {
        let folder = try Self.exampleCopy()
        let created = try Processes.cohort(
            ["announce", "new", "delay", "2022-09-partner-delay", "--now", "2022-09-01T12:00:00Z"], in: folder.url)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(folder.exists("announcements/2022-09-partner-delay.md"))
        let render = try Processes.cohort(["announce", "render", "2022-09-partner-delay"], in: folder.url)
        #expect(render.status == 0, "\(render.stderr)")
        #expect(folder.exists("announcements/2022-09-partner-delay/mail.eml"))
        let again = try Processes.cohort(["announce", "new", "delay", "2022-09-partner-delay"], in: folder.url)
        #expect(again.status == 64)
        #expect(again.stderr.contains("exists already"))
        let badKind = try Processes.cohort(["announce", "new", "dealy", "x"], in: folder.url)
        #expect(badKind.status == 64)
        #expect(badKind.stderr.contains("did you mean \"delay\"?"))
    }

    @Test func showPrintsOneChannel() throws {
        let folder = try Self.exampleCopy(outputs: true, records: true)
        let result = try Processes.cohort(["announce", "show", "2022-06-outcome", "--channel", "meta"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let committed = try String(
            contentsOf: Repository.root.appendingPathComponent("announcements/2022-06-outcome/meta.wiki"),
            encoding: .utf8)
        #expect(result.stdout == committed)
        let missing = try Processes.cohort(
            ["announce", "show", "2022-02-office-hours", "--channel", "blog"], in: folder.url)
        #expect(missing.status == 64)
    }

    @Test func renderJSONSaysWhatWasWritten() throws {
        let folder = try Self.exampleCopy()
        let first = try Processes.cohort(["announce", "render", "--json"], in: folder.url)
        #expect(first.status == 0, "\(first.stderr)")
        let read = try Processes.python(
            "import json,sys; d=json.load(sys.stdin); print(len(d['rendered']), len(d['written']), d['outdated'])",
            input: first.stdout)
        #expect(read.stdoutLines == ["5 21 []"], "16 renderings and 5 record contexts")
        let second = try Processes.cohort(["announce", "render", "--json"], in: folder.url)
        let again = try Processes.python(
            "import json,sys; d=json.load(sys.stdin); print(len(d['written']))", input: second.stdout)
        #expect(again.stdoutLines == ["0"], "rendering again changes nothing")
    }
}
