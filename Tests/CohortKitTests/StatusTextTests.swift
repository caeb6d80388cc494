import CohortKit
import CohortRender
import CohortTestSupport
import Foundation
import Testing

@Suite("StatusText")
struct StatusTextTests {
    let program: Program

    init() throws {
        program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
    }

    private func render(at text: String, records: RecordSummary? = nil) throws -> [String] {
        let status = ProgramStatus(program: program, now: try #require(Instant.parse(text)), records: records)
        return StatusText.render(status).components(separatedBy: "\n")
    }

    @Test func midMarchShowsTheAnalysisPhaseAndTheClock() throws {
        let lines = try render(at: "2022-03-15T00:00:00Z")
        #expect(lines.first == "Equity Landscape pilot & consultation 2022 (equity-landscape-2022)")
        #expect(lines.contains("Now    2022-03-15 00:00 UTC · 2022-03-14 in America/Los_Angeles"))
        #expect(lines.contains("Phase  analysis — Analysis of community input by two staff judges (March–April 2022)"))
    }

    @Test func midMarchListsTheNextMilestonesWithDaysLeftAlignedRight() throws {
        let lines = try render(at: "2022-03-15T00:00:00Z")
        let heading = try #require(lines.firstIndex(of: "Next milestones"))
        let table = Array(lines[(heading + 1)...].prefix { !$0.isEmpty })
        #expect(table.count == 4)
        let header = try #require(table.first)
        #expect(header.hasPrefix("  ID "))
        #expect(header.hasSuffix("DAYS LEFT"))
        let rows = table.dropFirst()
        #expect(
            rows.map { $0.split(separator: " ").first.map(String.init) } == [
                "coding-complete", "outcome-announced", "results-blog",
            ])
        #expect(rows.map { $0.split(separator: " ").last.map(String.init) } == ["18", "48", "79"])
        #expect(rows.allSatisfy { $0.count == header.count }, "numbers end under the end of DAYS LEFT")
        #expect(rows.contains { $0.contains("May–June 2022") })
    }

    @Test func phasesAndWavesAreTabled() throws {
        let lines = try render(at: "2022-03-15T00:00:00Z")
        #expect(lines.contains("Phases"))
        #expect(lines.contains("Release waves"))
        #expect(lines.contains { $0.hasPrefix("  analysis ") && $0.hasSuffix("  current") })
        #expect(lines.contains { $0.hasPrefix("  input ") && $0.hasSuffix("  past") })
        #expect(lines.contains { $0.hasPrefix("  public ") && $0.contains("  second half of 2022  ") })
    }

    @Test func noLineEndsInSpaces() throws {
        for now in ["2022-01-01T00:00:00Z", "2022-03-15T00:00:00Z", "2023-01-01T00:00:00Z"] {
            let lines = try render(at: now, records: RecordSummary(auditEntries: 1))
            #expect(lines.allSatisfy { !$0.hasSuffix(" ") }, "at \(now)")
        }
    }

    @Test func currentMilestoneSaysNow() throws {
        let lines = try render(at: "2022-04-20T12:00:00Z")
        #expect(lines.contains { $0.hasPrefix("  coding-complete ") && $0.hasSuffix("  now") })
    }

    @Test func beforeTheFirstPhaseNamesTheNextOne() throws {
        let lines = try render(at: "2022-01-15T00:00:00Z")
        #expect(
            lines.contains(
                "Phase  none today; next is input — Community input (pilot and consultation open) (February 2022)"))
    }

    @Test func afterTheLastPhaseSaysSoAndNothingIsAhead() throws {
        let lines = try render(at: "2023-01-01T00:00:00Z")
        #expect(lines.contains("Phase  none today; every phase has ended"))
        let heading = try #require(lines.firstIndex(of: "Next milestones"))
        #expect(lines[heading + 1] == "  none ahead")
    }

    @Test func recordsLineCountsAuditEntries() throws {
        #expect(
            try render(at: "2022-03-15T00:00:00Z", records: RecordSummary(auditEntries: 0)).last
                == "Records  0 audit entries")
        #expect(
            try render(at: "2022-03-15T00:00:00Z", records: RecordSummary(auditEntries: 1)).last
                == "Records  1 audit entry")
        #expect(try !render(at: "2022-03-15T00:00:00Z").contains { $0.hasPrefix("Records") })
    }

    @Test func boldStylesOnlyTheHeadings() throws {
        let status = ProgramStatus(program: program, now: try #require(Instant.parse("2022-03-15T00:00:00Z")))
        let text = StatusText.render(status) { "*\($0)*" }
        #expect(text.hasPrefix("*Equity Landscape pilot & consultation 2022* (equity-landscape-2022)"))
        #expect(text.contains("\n*Phases*\n"))
        #expect(text.contains("\n*Next milestones*\n"))
        #expect(text.contains("\n*Release waves*\n"))
        #expect(!text.contains("*analysis*"))
    }
}

@Suite("CheckText and Plural")
struct CheckTextTests {
    @Test func validWorkspaceSummaryCountsWhatItDeclares() throws {
        let program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
        let summary = CheckText.summary(CheckReport(program: program, problems: []), file: "cohort.yaml")
        #expect(
            summary
                == "cohort.yaml: ok — Equity Landscape pilot & consultation 2022: 3 phases, 7 milestones, 3 release waves, 2 judges"
        )
    }

    @Test(arguments: [(0, "0 phases"), (1, "1 phase"), (2, "2 phases")])
    func pluralCountsInEnglish(count: Int, text: String) {
        #expect(Plural.count(count, "phase") == text)
    }

    @Test func irregularPluralIsGiven() {
        #expect(Plural.count(3, "audit entry", "audit entries") == "3 audit entries")
        #expect(Plural.count(1, "audit entry", "audit entries") == "1 audit entry")
    }
}
