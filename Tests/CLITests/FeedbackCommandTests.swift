import CohortTestSupport
import Foundation
import Testing

/// `cohort feedback` as a user runs it: the built binary, its stdout, stderr and exit code; JSON is
/// read by Python's json module.
@Suite struct FeedbackCommandTests {
    static let now = "2022-03-20T10:00:00Z"

    /// A fresh workspace holding the example program and its feedback files under `data/`.
    static func example(configuration: String? = nil) throws -> TemporaryFolder {
        let workspace = try TemporaryFolder.workspace(configuration: configuration)
        for file in ["feedback.csv", "codes.csv"] {
            try workspace.write(
                "data/\(file)",
                try String(contentsOf: Repository.root.appendingPathComponent("data/\(file)"), encoding: .utf8))
        }
        return workspace
    }

    /// Runs `cohort feedback …` in `workspace` with the test clock.
    @discardableResult
    static func feedback(_ arguments: [String], in workspace: TemporaryFolder) throws -> ProcessResult {
        try Processes.cohort(["feedback"] + arguments + ["--now", now], in: workspace.url)
    }

    /// The example with its items and both judges' codes imported.
    static func coded() throws -> TemporaryFolder {
        let workspace = try Self.example()
        let items = try feedback(["import", "data/feedback.csv"], in: workspace)
        #expect(items.status == 0, "\(items.stderr)")
        let codes = try feedback(["import-codes", "data/codes.csv"], in: workspace)
        #expect(codes.status == 0, "\(codes.stderr)")
        return workspace
    }

    /// Runs `script` on `json` with Python; its stdout's lines.
    static func python(_ script: String, _ json: String, _ arguments: [String] = []) throws -> [String] {
        let result = try Processes.python("import json, sys\n" + script, arguments, input: json)
        #expect(result.status == 0, "\(result.stderr)\n\(json)")
        return result.stdoutLines
    }

    @Test func theExampleImportsAndPrintsItsAgreementAndItsReading() throws {
        let workspace = try Self.example()
        let items = try Self.feedback(["import", "data/feedback.csv"], in: workspace)
        #expect(items.status == 0)
        #expect(items.stderr.isEmpty)
        #expect(
            items.stdoutLines == [
                "Imported data/feedback.csv: 40 new, 0 updated, 0 unchanged (40 feedback items in all)."
            ])
        let codes = try Self.feedback(["import-codes", "data/codes.csv"], in: workspace)
        #expect(codes.stdoutLines == ["Imported data/codes.csv: 80 new codes, 0 replaced, 0 unchanged."])

        let agreement = try Self.feedback(["agreement"], in: workspace)
        #expect(agreement.status == 0)
        #expect(agreement.stderr.isEmpty)
        #expect(
            Array(agreement.stdoutLines.prefix(8)) == [
                "Agreement between amara (Amara Okafor) and jonas (Jonas Lindqvist)",
                "  Items coded by both   40",
                "  Percent agreement     80.0% (32 of 40)",
                "  Chance agreement      20.5%",
                "  Cohen's kappa         0.748  SE 0.078  95% CI 0.596 to 0.901",
                "  Reading               substantial agreement (Landis & Koch)",
                "  Krippendorff's alpha  0.750 (nominal)  95% CI 0.572 to 0.902 (bootstrap, 1000 resamples, seed 2022)",
                "  Unit: an item both judges coded in its current round. Not in these figures: 0 items coded by one judge, 0 items not coded yet, 0 hidden items.",
            ])
        #expect(agreement.stdoutLines.contains("Confusion matrix (rows: amara, columns: jonas)"))
        #expect(
            agreement.stdoutLines.contains(
                "  integrate-now                 9                 2             1        0             0            0     12"
            ))
        #expect(
            agreement.stdoutLines.contains(
                "  no-agreement          5      5     3               60.0%  0.543  0.147 to 0.939"))
        #expect(agreement.stdoutLines.last == "  Mean kappa over themes: 0.000")
    }

    @Test func agreementJSONEqualsTheReferenceVectorsForTheExample() throws {
        let workspace = try Self.coded()
        let result = try Self.feedback(["agreement", "--json"], in: workspace)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let vectors = Repository.root.appendingPathComponent("Tests/CohortCoreTests/Vectors/kappa_vectors.json").path
        let lines = try Self.python(
            """
            d = json.load(sys.stdin)
            v = next(s for s in json.load(open(sys.argv[1]))["datasets"] if s["name"] == "example-program")
            cats = json.load(open(sys.argv[1]))["categories"]
            sm = v["statsmodels"]
            close = lambda a, b: abs(a - b) <= 1e-9
            assert d["items"] == 40
            assert close(d["percent_agreement"], v["percent_agreement"])
            assert close(d["cohen_kappa"], v["sklearn_cohen_kappa"]) and close(d["cohen_kappa"], sm["kappa"])
            assert close(d["standard_error"], sm["std_kappa"])
            assert close(d["confidence_interval"]["low"], sm["kappa_low"])
            assert close(d["confidence_interval"]["high"], sm["kappa_upp"])
            assert d["confidence_interval"]["level"] == 0.95
            assert close(d["krippendorff_alpha"], v["krippendorff_alpha_nominal"])
            assert sorted(d["confusion"]) == sorted(cats)
            assert [[d["confusion"][a][b] for b in cats] for a in cats] == v["confusion"]
            assert [c["category"] for c in d["per_category"]] == cats
            for mine, theirs in zip(d["per_category"], v["per_category"]):
                assert close(mine["kappa"], theirs["sklearn_kappa"]), (mine, theirs)
                assert close(mine["ci"][0], theirs["kappa_low"]) and close(mine["ci"][1], theirs["kappa_upp"])
            boot = v["alpha_bootstrap"]
            assert close(d["alpha"]["value"], v["krippendorff_alpha_nominal"])
            assert close(d["alpha"]["ci"][0], boot["low"]) and close(d["alpha"]["ci"][1], boot["high"])
            assert d["alpha"]["resamples"] == boot["resamples"] == 1000 and d["alpha"]["seed"] == boot["seed"] == 2022
            assert d["unit"] == "an item both judges coded in its current round"
            assert d["left_out"]["hidden"] == {"count": 0, "items": []}
            unclear = next(c for c in d["per_category"] if c["category"] == "unclear")
            print(d["reading"], d["judges"], d["agreed"], unclear["first"], unclear["second"], unclear["both"],
                  unclear["specific_agreement"])
            print([(t["theme"], t["first"], t["second"], t["both"]) for t in d["per_theme"]])
            """, result.stdout, [vectors])
        #expect(
            lines == [
                "substantial ['amara', 'jonas'] 32 4 2 2 0.6666666666666666",
                "[('data-sources', 1, 0, 0), ('metric-selection', 0, 1, 0), ('regional-granularity', 0, 1, 0)]",
            ])
    }

    /// Alpha and its bootstrap interval recomputed here by the `krippendorff` package and numpy,
    /// drawing the same items with the same generator (SplitMix64, `next() % n`).
    @Test func alphaAndItsBootstrapEqualTheKrippendorffPackageRecomputedLive() throws {
        let workspace = try Self.coded()
        let result = try Self.feedback(["agreement", "--json", "--resamples", "300", "--seed", "99"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        let codes = workspace.url.appendingPathComponent("data/codes.csv").path
        let lines = try Self.python(
            """
            import csv, krippendorff, numpy as np
            d = json.load(sys.stdin)
            cats = [c["category"] for c in d["per_category"]]
            codes = {}
            for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
                codes.setdefault(row["item_id"], {})[row["judge"]] = cats.index(row["category"])
            first = [codes[i]["amara"] for i in codes]
            second = [codes[i]["jonas"] for i in codes]
            alpha = lambda a, b: krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
            M = (1 << 64) - 1
            state, n, alphas = 99, len(first), []
            for _ in range(300):
                picks = []
                for _ in range(n):
                    state = (state + 0x9E3779B97F4A7C15) & M
                    z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & M
                    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
                    picks.append((z ^ (z >> 31)) % n)
                a, b = [first[i] for i in picks], [second[i] for i in picks]
                if len(set(a) | set(b)) > 1:
                    alphas.append(alpha(a, b))
            low, high = np.percentile(alphas, [2.5, 97.5])
            close = lambda x, y: abs(x - y) <= 1e-9
            assert close(d["alpha"]["value"], alpha(first, second)), d["alpha"]
            assert close(d["alpha"]["ci"][0], low) and close(d["alpha"]["ci"][1], high), (d["alpha"], low, high)
            print(d["alpha"]["resamples"], d["alpha"]["seed"], d["alpha"]["defined_resamples"] == len(alphas))
            """, result.stdout, [codes])
        #expect(lines == ["300 99 True"])
    }

    /// Reconciling, clarifying and coding again through the binary: each command's line and its
    /// `--json` keys. What each decides (blind coding, refusals, routing) is in `FeedbackUseCaseTests`.
    @Test func aDisagreementIsReconciledAndAClarifiedItemIsCodedAgainThroughTheBinary() throws {
        let workspace = try Self.coded()
        let again = try Self.feedback(["import-codes", "data/codes.csv", "--json"], in: workspace)
        #expect(
            try Self.python(
                "d = json.load(sys.stdin); print(sorted(d), d['recorded'], d['replaced'], d['unchanged'])", again.stdout
            )
                == ["['file', 'recorded', 'replaced', 'skipped', 'unchanged'] 0 0 80"])
        let listed = try Self.feedback(["disagreements"], in: workspace)
        #expect(listed.stdoutLines.first == "ITEM    AMARA          JONAS             RECONCILED  FEEDBACK")
        #expect(listed.stdoutLines.last?.hasPrefix("8 disagreements, 8 open; settle each with:") == true)
        let reconciled = try Self.feedback(
            [
                "reconcile", "fb-014", "--category", "needs-resourcing", "--reason",
                "filtering bots needs the data engineers", "--by", "Amara and Jonas",
            ], in: workspace)
        #expect(reconciled.status == 0, "\(reconciled.stderr)")
        #expect(
            reconciled.stdoutLines == [
                "Reconciled fb-014 as needs-resourcing (amara: integrate-now, jonas: needs-resourcing); it goes to strategic-planning."
            ])
        let json = try Self.feedback(["disagreements", "--json"], in: workspace)
        #expect(
            try Self.python(
                "d = json.load(sys.stdin); e = [x for x in d['disagreements'] if x['item'] == 'fb-014'][0]; print(sorted(d), sorted(e), d['open'], e['reconciled'])",
                json.stdout) == ["['disagreements', 'open'] ['codes', 'item', 'reconciled', 'text'] 7 needs-resourcing"]
        )

        let clarified = try Self.feedback(
            [
                "clarify", "fb-017", "--note", "the author means fair access, not equal counts", "--by", "Rosa",
                "--json",
            ],
            in: workspace)
        #expect(clarified.status == 0, "\(clarified.stderr)")
        #expect(
            try Self.python(
                "d = json.load(sys.stdin); print(sorted(d), d['item'], d['round'], d['by'])", clarified.stdout)
                == ["['by', 'item', 'note', 'round'] fb-017 1 Rosa"])
        let next = try Self.feedback(["next", "--judge", "amara", "--json"], in: workspace)
        #expect(
            try Self.python(
                "d = json.load(sys.stdin); print(d['item']['id'], d['remaining'], sorted(d), sorted(d['item']))",
                next.stdout)
                == [
                    "fb-017 1 ['item', 'judge', 'remaining'] ['clarifications', 'id', 'received_at', 'round', 'source', 'text', 'themes']"
                ])
        let text = try Self.feedback(["next", "--judge", "amara"], in: workspace)
        #expect(text.stdoutLines.first == "Next for amara (Amara Okafor): fb-017, 1 item left to code")
        #expect(text.stdoutLines.contains("  Item       fb-017"))
        #expect(text.stdoutLines.contains("  Clarified  the author means fair access, not equal counts"))
        let coded = try Self.feedback(
            ["code", "fb-017", "--judge", "amara", "--category", "needs-resourcing", "--theme", "equity-framing"],
            in: workspace)
        #expect(coded.status == 0, "\(coded.stderr)")
        #expect(coded.stdoutLines == ["Coded fb-017 as needs-resourcing for amara. Waiting for jonas to code it."])
        let refused = try Self.feedback(
            ["code", "fb-0001", "--judge", "amara", "--category", "unclear"], in: workspace)
        #expect(refused.status == 64)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderrLines == ["cohort: unknown feedback item \"fb-0001\"; did you mean \"fb-001\"?"])
    }

    @Test func theReportRoutesEveryItemAndKeepsAuthorsPrivate() throws {
        let workspace = try Self.coded()
        let report = try Self.feedback(["report", "--json"], in: workspace)
        #expect(report.status == 0)
        #expect(report.stderr.isEmpty)
        #expect(!report.stdout.contains("Tomasz"), "authors are private unless asked for")
        let lines = try Self.python(
            """
            d = json.load(sys.stdin)
            print(sorted(d["dispositions"]))
            print({k: len(v) for k, v in d["dispositions"].items()})
            print(d["themes"][0], sum(t["count"] for t in d["themes"]))
            print(d["items"], len(d["pending"]), d["authors_included"], "author" in d["entries"][1])
            """, report.stdout)
        #expect(
            lines == [
                "['act-now', 'beyond-scope', 'challenge-points', 'clarification-requested', 'idea-parking-lot', 'strategic-planning']",
                "{'act-now': 9, 'beyond-scope': 5, 'challenge-points': 3, 'clarification-requested': 2, 'idea-parking-lot': 3, 'strategic-planning': 10}",
                "{'count': 6, 'share': 0.15, 'theme': 'metric-selection'} 43",
                "40 8 False False",
            ])
        let withAuthors = try Self.feedback(["report", "--json", "--with-authors"], in: workspace)
        #expect(
            try Self.python(
                "d = json.load(sys.stdin); print(d['authors_included'], d['entries'][1]['author'])", withAuthors.stdout)
                == ["True Tomasz K."])

        let text = try Self.feedback(["report"], in: workspace)
        #expect(text.stdoutLines.first == "Feedback report: 40 items")
        #expect(
            text.stdoutLines.contains(
                "  challenge-points         against-aim           3  fb-012 fb-020 fb-028"))
        #expect(text.stdoutLines.contains("  metric-selection          6  15.0%"))
    }

    @Test func theReportAsWikitextAndMarkdownIsReadByIndependentParsers() throws {
        let workspace = try Self.coded()
        let wikitext = try Self.feedback(["report", "--format", "wikitext"], in: workspace)
        #expect(wikitext.status == 0, "\(wikitext.stderr)")
        let wiki = try Processes.python(
            """
            import sys, mwparserfromhell
            code = mwparserfromhell.parse(sys.stdin.read())
            tables = code.filter_tags(matches=lambda n: n.tag == "table")
            print(len(tables), [str(h.title).strip() for h in code.filter_headings()][:3])
            """, input: wikitext.stdout)
        #expect(wiki.status == 0, "\(wiki.stderr)")
        #expect(wiki.stdoutLines == ["9 ['Community feedback (40 items)', 'Dispositions', 'Themes']"])

        let markdown = try Self.feedback(["report", "--format", "markdown"], in: workspace)
        let md = try Processes.python(
            """
            import sys
            from markdown_it import MarkdownIt
            tokens = MarkdownIt("commonmark").enable("table").parse(sys.stdin.read())
            print(sum(t.type == "table_open" for t in tokens))
            """, input: markdown.stdout)
        #expect(md.stdoutLines == ["9"])
        #expect(!markdown.stdout.contains("Tomasz"))

        let both = try Self.feedback(["report", "--json", "--format", "markdown"], in: workspace)
        #expect(both.status == 64)
        #expect(both.stderr.contains("--json and --format markdown both choose the output; give one"))
    }

    @Test(arguments: [
        "import", "import-codes", "next", "code", "agreement", "disagreements", "reconcile", "clarify", "report",
    ])
    func everyFeedbackCommandHelpHasExamples(command: String) throws {
        let result = try Processes.cohort(["feedback", command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("cohort feedback \(command)"))
    }
}
