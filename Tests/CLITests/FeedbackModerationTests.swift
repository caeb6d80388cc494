import CohortTestSupport
import Foundation
import Testing

/// The plan's rules of engagement (hidden comments are counted, never coded or quoted) and
/// clarification asked of the commenter for real.
@Suite struct FeedbackModerationTests {
    typealias Feedback = FeedbackCommandTests

    @Test func aHiddenCommentIsNotCodedAgreedOnOrPrevalentButIsCounted() throws {
        let workspace = try Feedback.coded()
        let before = try Feedback.feedback(["agreement", "--json"], in: workspace)
        #expect(try Feedback.python("print(json.load(sys.stdin)['items'])", before.stdout) == ["40"])
        let hidden = try Feedback.feedback(["hide", "fb-003", "--reason", "conduct", "--by", "Rosa"], in: workspace)
        #expect(hidden.status == 0, "\(hidden.stderr)")
        #expect(hidden.stdoutLines.last?.hasSuffix("1 comment hidden now.") == true)
        let twice = try Feedback.feedback(["hide", "fb-003", "--reason", "conduct", "--by", "Rosa"], in: workspace)
        #expect(twice.status == 64)
        #expect(twice.stderrLines == ["cohort: fb-003 is hidden already"])

        let agreement = try Feedback.feedback(["agreement", "--json"], in: workspace)
        #expect(try Feedback.python("print(json.load(sys.stdin)['items'])", agreement.stdout) == ["39"])
        let report = try Feedback.feedback(["report", "--json"], in: workspace)
        #expect(
            try Feedback.python(
                """
                d = json.load(sys.stdin)
                print(d['items'], d['hidden'])
                print(any(e['id'] == 'fb-003' for e in d['entries']))
                print(any('fb-003' in ids for ids in d['dispositions'].values()))
                usability = [t for t in d['themes'] if t['theme'] == 'dashboard-usability'][0]
                print(round(usability['share'] * 39) == usability['count'])
                print('table view' in json.dumps(d))
                """, report.stdout) == ["39 1", "False", "False", "True", "False"])
        let text = try Feedback.feedback(["report"], in: workspace)
        #expect(text.stdoutLines.dropFirst().first == "1 comment hidden under the rules of engagement")
        let wiki = try Feedback.feedback(["report", "--format", "wikitext"], in: workspace)
        #expect(wiki.stdout.contains("1 comment hidden under the rules of engagement"))
        #expect(!wiki.stdout.contains("table view"), "never quoted")
        let reconcile = try Feedback.feedback(
            ["reconcile", "fb-003", "--category", "out-of-scope", "--reason", "x", "--by", "Rosa"], in: workspace)
        #expect(reconcile.status == 64)
        #expect(
            reconcile.stderrLines.first?.hasPrefix("cohort: fb-003 is hidden under the rules of engagement") == true)

        let shown = try Feedback.feedback(
            ["unhide", "fb-003", "--reason", "hidden by mistake", "--by", "Rosa"], in: workspace)
        #expect(shown.status == 0)
        let after = try Feedback.feedback(["agreement", "--json"], in: workspace)
        #expect(try Feedback.python("print(json.load(sys.stdin)['items'])", after.stdout) == ["40"])
        let audit = try Processes.python(
            "import sqlite3, sys; print([r[0] for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT action FROM audit_log WHERE subject = 'feedback:fb-003' AND action IN ('hide', 'unhide') ORDER BY id\")])",
            [workspace.path(".cohort/state.sqlite")])
        #expect(audit.stdoutLines == ["['hide', 'unhide']"])
    }

    @Test func aHiddenColumnHidesOnImportAndNextNeverOffersIt() throws {
        let workspace = try Feedback.example()
        try workspace.write(
            "data/moderated.csv",
            """
            id,source,received_at,author,text,theme,hidden
            m-1,talk-page,2022-02-02T10:00:00Z,X,Something offensive,access,conduct
            m-2,talk-page,2022-02-02T11:00:00Z,Y,Show the data per region,access,

            """)
        let imported = try Feedback.feedback(["import", "data/moderated.csv"], in: workspace)
        #expect(imported.status == 0, "\(imported.stderr)")
        let next = try Feedback.feedback(["next", "--judge", "amara", "--json"], in: workspace)
        #expect(
            try Feedback.python("d = json.load(sys.stdin); print(d['item']['id'], d['remaining'])", next.stdout) == [
                "m-2 1"
            ])
        let coded = try Feedback.feedback(
            ["code", "m-1", "--judge", "amara", "--category", "against-aim"], in: workspace)
        #expect(coded.status == 64, "a hidden item is not coded")
        let report = try Feedback.feedback(["report", "--json"], in: workspace)
        #expect(
            try Feedback.python(
                "d = json.load(sys.stdin); print(d['items'], d['hidden'], float(d['themes'][0]['share']))",
                report.stdout)
                == ["1 1 1.0"])
        try workspace.write(
            "data/bad.csv",
            "id,source,received_at,author,text,theme,hidden\nm-3,talk-page,2022-02-02T10:00:00Z,X,Text,access,\"a\nb\"\n"
        )
        let bad = try Feedback.feedback(["import", "data/bad.csv"], in: workspace)
        #expect(bad.status == 64)
        #expect(bad.stderrLines.first?.hasPrefix("data/bad.csv:row 2, column \"hidden\": ") == true)
    }

    @Test func clarificationGoesByMailWhenThereIsAnAddressAndAsATalkPageDraftOtherwise() throws {
        let workspace = try Feedback.example()
        try workspace.write(
            "data/unclear.csv",
            """
            id,source,received_at,author,text,theme
            u-1,survey,2022-02-10T10:00:00Z,lena@example.org,"What about ""equity""?",equity-framing
            u-2,talk-page,2022-02-10T11:00:00Z,Tomasz K.,Hmm.,equity-framing

            """)
        #expect(try Feedback.feedback(["import", "data/unclear.csv"], in: workspace).status == 0)
        for item in ["u-1", "u-2"] {
            for judge in ["amara", "jonas"] {
                let coded = try Feedback.feedback(
                    ["code", item, "--judge", judge, "--category", "unclear"], in: workspace)
                #expect(coded.status == 0, "\(coded.stderr)")
            }
        }
        let notUnclear = try Feedback.feedback(["clarify", "fb-404", "--ask", "?"], in: workspace)
        #expect(notUnclear.status == 64)

        let mailed = try Feedback.feedback(
            ["clarify", "u-1", "--ask", "Do you mean fair access, or equal counts?", "--json"], in: workspace)
        #expect(mailed.status == 0, "\(mailed.stderr)")
        #expect(
            try Feedback.python("d = json.load(sys.stdin); print(d['channel'], d['batch'])", mailed.stdout)
                == ["mail notice:clarification:u-1:0"])
        let drafted = try Feedback.feedback(
            ["clarify", "u-2", "--ask", "Which [[page]] do you mean? {{ping}}", "--json"], in: workspace)
        let draft = try #require(
            try Feedback.python("print(json.load(sys.stdin)['draft'])", drafted.stdout).first)
        #expect(draft == ".cohort/clarifications/u-2-round0.wiki")
        let wikitext = try IndependentParsers.wikitext(try workspace.read(draft))
        #expect(wikitext.templates.isEmpty && wikitext.wikilinks.isEmpty, "the question stays text on the wiki")
        #expect(wikitext.unescaped.contains("Which [[page]] do you mean? {{ping}}"))
        let mode =
            try FileManager.default.attributesOfItem(atPath: workspace.path(draft))[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        let report = try Feedback.feedback(["report", "--json"], in: workspace)
        #expect(
            try Feedback.python(
                "d = json.load(sys.stdin); print(sorted(e['status'] for e in d['entries'] if e['id'].startswith('u-')))",
                report.stdout) == ["['awaiting-clarification', 'awaiting-clarification']"])

        // The answer comes in and both judges code u-1 again: it no longer awaits clarification.
        #expect(try Feedback.feedback(["clarify", "u-1", "--note", "fair access"], in: workspace).status == 0)
        for judge in ["amara", "jonas"] {
            #expect(
                try Feedback.feedback(
                    ["code", "u-1", "--judge", judge, "--category", "needs-resourcing"], in: workspace
                )
                .status == 0)
        }
        let later = try Feedback.feedback(["report", "--json"], in: workspace)
        #expect(
            try Feedback.python(
                "d = json.load(sys.stdin); print([e['status'] for e in d['entries'] if e['id'] == 'u-1'])",
                later.stdout) == ["['agreed']"])
        // The question was never sent: once answered and coded again it is dropped, not sent.
        let notices = try Processes.cohort(["notices", "list", "--json"], in: workspace.url)
        #expect(
            try Feedback.python("print([n['state'] for n in json.load(sys.stdin)['notices']])", notices.stdout)
                == ["['dropped']"])
    }
}
