import CohortTestSupport
import Foundation
import Testing

/// A program whose every name is hostile: markup, quotes, a 300-character word, right-to-left
/// text and emoji, in the program's name, 40 more milestones (one in 1900, one in 2199), 28
/// workshop sessions, partners, themes and a slip's reason; made through the commands, as staff
/// would. Its report must escape every name, abbreviate the long ones and keep its layout.
enum HostileProgram {
    static let markup = "<script>alert('x')</script> & \"quoted\" <b onmouseover=alert(1)>bold</b>"
    static let longWord = "Supercalifragilistic" + String(repeating: "expialidocious", count: 20)
    static let script = "مرحلة التحليل 🎉 👩‍👩‍👧‍👦 🇰🇪 Zoë"

    static func name(_ index: Int) -> String {
        switch index % 4 {
        case 0: "\(markup) \(index)"
        case 1: "\(longWord)\(index)"
        case 2: "\(script) \(index)"
        default: "An ordinary item, number \(index)"
        }
    }

    /// A YAML double-quoted scalar.
    static func yaml(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// One CSV line, every field quoted (RFC 4180).
    static func csv(_ fields: [String]) -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
    }

    static func make() throws -> TemporaryFolder {
        var config = try Repository.exampleConfiguration()
        config = config.replacingOccurrences(
            of: "  name: Equity Landscape pilot & consultation 2022", with: "  name: \(yaml(markup + " " + longWord))")
        var milestones = ""
        for index in 0..<40 {
            let date =
                index == 0
                ? "1900-01-01"
                : index == 1 ? "2199-12-31" : String(format: "2022-%02d-%02d", index % 12 + 1, index % 28 + 1)
            milestones += "    - id: hostile-\(index)\n      name: \(yaml(name(index)))\n      date: \(date)\n"
        }
        config = config.replacingOccurrences(of: "  milestones:\n", with: "  milestones:\n" + milestones)
        let folder = try TemporaryFolder.workspace(configuration: config)
        // The long username is as long as MediaWiki allows (255 bytes); a longer one is refused at import,
        // and so is one with a character no wiki user name holds (`<`, `>`, `[`…): the hostile one
        // breaks out of attributes and entities instead.
        let users = [
            #"x" onmouseover=alert(1) y='&amp;"#, String(longWord.prefix(255)), "Zoë 🎉", "plain.one", "plain.two",
            "plain.three",
        ]
        var signups = "username,email,signed_up_at,use_case,use_case_applicable,available,nda,time_zone,languages\n"
        for (index, user) in users.enumerated() {
            signups += csv([
                user, "user\(index)@example.org", String(format: "2022-02-01T%02d:00:00Z", 8 + index), markup, "yes",
                "yes",
                index == 5 ? "sent" : "signed", "UTC", "en",
            ])
        }
        try folder.write("signups.csv", signups)
        var partners = "id,name,kind,region,contact_name,contact_email,time_zone,wave\n"
        for index in 0..<3 {
            partners += csv([
                "p\(index)", name(index), "affiliate", markup, name(index + 1), "contact\(index)@example.org", "UTC",
                "partners",
            ])
        }
        try folder.write("partners.csv", partners)
        var feedback = "id,source,received_at,author,text,theme\n"
        var codes = "item_id,judge,category,theme\n"
        let categories = [
            "integrate-now", "needs-resourcing", "no-agreement", "unclear", "out-of-scope", "against-aim",
        ]
        for index in 0..<30 {
            let themes = "\(name(index % 20)); theme-\(index % 7)"
            feedback += csv([
                "fb-\(index)", "talk-page", "2022-02-10T10:00:00Z", markup, "\(markup) comment \(index)", themes,
            ])
            codes += csv(["fb-\(index)", "amara", categories[index % 6], ""])
            codes += csv(["fb-\(index)", "jonas", categories[(index + index / 5) % 6], ""])
        }
        try folder.write("feedback.csv", feedback)
        try folder.write("codes.csv", codes)
        var commands: [[String]] = [
            ["pilot", "import", "signups.csv", "--now", "2022-02-02T18:00:00Z"],
            ["pilot", "select", "--now", "2022-02-02T18:00:00Z"],
        ]
        for index in 0..<28 {
            commands.append([
                "workshop", "add", "--title", name(index), "--start",
                String(format: "2022-02-%02dT16:00:00Z", index % 28 + 1),
                "--duration", "60m", "--capacity", "5", "--link", "https://meet.example.org/x",
                "--now", "2022-02-02T19:00:00Z",
            ])
        }
        commands += [
            ["workshop", "register", "1", users[0], "--now", "2022-02-02T19:05:00Z"],
            ["workshop", "attend", "1", users[0], "--now", "2022-02-02T19:06:00Z"],
            ["feedback", "import", "feedback.csv", "--now", "2022-03-01T12:00:00Z"],
            ["partner", "import", "partners.csv", "--by", markup, "--now", "2022-03-01T15:00:00Z"],
            ["feedback", "import-codes", "codes.csv", "--now", "2022-03-10T12:00:00Z"],
            [
                "timeline", "shift", "results-blog", "--to", "2022-07", "--reason", "\(markup) \(longWord)", "--by",
                markup,
                "--now", "2022-03-12T00:00:00Z",
            ],
        ]
        for command in commands {
            let result = try Processes.cohort(command, in: folder.url)
            try #require(result.status == 0, "\(command.prefix(3)): \(result.stderr)")
        }
        return folder
    }

    /// Every hostile name is text, never markup; long ones are cut in charts with the whole name
    /// in a tooltip.
    static func expectEscapedAndAbbreviated(_ page: String) throws {
        for raw in ["<script", "<img", "<b onmouseover", "onerror=alert(1)>"] {
            #expect(!page.contains(raw), "\(raw) reached the page unescaped")
        }
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        #expect(page.contains("<title>\(longWord)1</title>"), "the whole long name in a chart's tooltip")
        #expect(page.contains("…</text>") || page.contains("…<title>"), "long names cut with an ellipsis")
        #expect(page.contains("class=\"row-label\">\(longWord.prefix(10))"))
        #expect(page.contains("chart-timeline-3"), "53 dated items drawn in three parts")
        #expect(page.contains("chart-workshops-2"), "28 sessions drawn in two parts")
        #expect(page.contains("<wbr>"), "long words in tables can wrap")
    }
}
