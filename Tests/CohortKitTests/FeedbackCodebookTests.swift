import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

@Suite("The codebook: versions on codes, agreement per version, its lint")
struct FeedbackCodebookTests {
    static func codebook(version: Int, themes: String = "") -> String {
        let changes = (1...version).map {
            "  - version: \($0)\n    date: 2022-02-0\($0)\n    change: Change \($0)."
        }.joined(separator: "\n")
        let categories = FeedbackCategory.allCases.map {
            "  \($0.rawValue):\n    definition: The \($0.rawValue) category."
        }.joined(separator: "\n")
        return "version: \(version)\nchangelog:\n\(changes)\ncategories:\n\(categories)\n" + themes
    }

    static func workspace(codebook: String?) throws -> (TemporaryFolder, ProgramSession) {
        let folder = try TemporaryFolder.workspace()
        if let codebook { try folder.write("codebook.yaml", codebook) }
        let session = try FeedbackRecordsTests.session(folder)
        try FeedbackCoding(session).importFeedback(
            try FeedbackRecordsTests.table(FeedbackRecordsTests.items, FeedbackImport.itemColumns),
            audit: FeedbackRecordsTests.audit("i"))
        return (folder, session)
    }

    @Test func eachCodeRecordsItsCodebookVersionAndAgreementIsReadPerVersion() throws {
        let (folder, session) = try Self.workspace(codebook: Self.codebook(version: 1))
        let audit = FeedbackRecordsTests.audit("feedback code")
        try FeedbackCoding(session).code(item: "fb-1", judge: "amara", category: .unclear, themes: [], audit: audit)
        try FeedbackCoding(session).code(item: "fb-1", judge: "jonas", category: .unclear, themes: [], audit: audit)
        try folder.write("codebook.yaml", Self.codebook(version: 2))
        try FeedbackCoding(session).code(
            item: "fb-2", judge: "amara", category: .integrateNow, themes: [], audit: audit)
        try FeedbackCoding(session).code(item: "fb-2", judge: "jonas", category: .outOfScope, themes: [], audit: audit)
        try FeedbackCoding(session).code(item: "fb-3", judge: "jonas", category: .outOfScope, themes: [], audit: audit)

        let ledger = try FeedbackCoding(session).feedbackLedger()
        #expect(ledger.codes.map(\.codebookVersion) == [1, 1, 2, 2, 2])
        let first = FeedbackAgreement(ledger, codebookVersion: 1)
        #expect(first.items == 1 && first.agreed == 1)
        #expect(first.leftOut.otherCodebookVersion == ["fb-2"])
        #expect(first.leftOut.codedByOne == ["fb-3"])
        let second = FeedbackAgreement(ledger, codebookVersion: 2)
        #expect(second.items == 1 && second.agreed == 0)
        #expect(FeedbackAgreement(ledger).items == 2)
        // The audit entry says under which version the code was made.
        let entries = try session.openStore().read { try $0.auditEntries(limit: nil) }
        #expect(entries.last?.details?.contains("\"codebook_version\":2") == true)
    }

    @Test func withoutACodebookCodesCarryNoVersion() throws {
        let (folder, session) = try Self.workspace(codebook: nil)
        defer { withExtendedLifetime(folder) {} }  // the folder holds the records
        try FeedbackCoding(session).code(
            item: "fb-1", judge: "amara", category: .unclear, themes: [], audit: FeedbackRecordsTests.audit("c"))
        #expect(try FeedbackCoding(session).feedbackLedger().codes.map(\.codebookVersion) == [nil])
    }

    @Test func aBrokenCodebookRefusesCodingAndSaysWhere() throws {
        let (folder, session) = try Self.workspace(codebook: "version: 2\nchangelog: []\ncategories: {}\n")
        defer { withExtendedLifetime(folder) {} }
        #expect {
            try FeedbackCoding(session).code(
                item: "fb-1", judge: "amara", category: .unclear, themes: [], audit: FeedbackRecordsTests.audit("c"))
        } throws: { error in
            let located = FailureReport(error).located
            return located.first
                == "codebook.yaml:1:10: version 2 has no changelog entry; add one saying what changed (the last entry is missing)"
                && located.contains("codebook.yaml:3:1: categories is missing \"integrate-now\"")
        }
        #expect(try FeedbackCoding(session).feedbackLedger().codes.isEmpty)
    }

    @Test func theCheckLocatesEveryProblem() throws {
        let themes = """
            themes:
              access:
                definition: Who can reach the data.
              data:
                definition: Where the data comes from.
              reach:
                definition: "who can reach the data"
              unused:
                definition: Nobody uses this.
              empty:

            """
        let (folder, session) = try Self.workspace(codebook: Self.codebook(version: 1, themes: themes))
        defer { withExtendedLifetime(folder) {} }
        try FeedbackCoding(session).code(
            item: "fb-1", judge: "amara", category: .unclear, themes: ["reach", "empty", "metrics"],
            audit: FeedbackRecordsTests.audit("c"))
        #expect {
            try FeedbackCoding(session).showCodebook(check: true)
        } throws: { error in
            let report = FailureReport(error)
            return report.kind == .problemsFound
                && report.located == [
                    "codebook.yaml:20:3: theme \"metrics\" is given in the records but not defined here; add it under themes",
                    "codebook.yaml:24:3: theme \"reach\" has the same definition as \"access\" (line 20); merge them or tell them apart",
                    "codebook.yaml:26:3: theme \"unused\" is used by no item or code; remove it or note why it stays",
                    "codebook.yaml:28:3: theme \"empty\" has no definition; add `definition:`",
                ]
        }
    }

    @Test func theExampleCodebookReadsAndPassesItsCheckAgainstTheExampleRecords() throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("codebook.yaml"), encoding: .utf8)
        let codebook = try Codebook.decode(text).get()
        #expect(codebook.version == 2 && codebook.changelog.map(\.version) == [1, 2])
        #expect(codebook.categories.map(\.id) == FeedbackCategory.allCases.map(\.rawValue))
        #expect(codebook.categories.allSatisfy { $0.definition != nil && $0.example != nil })
        let items = try CSVTable.parse(
            try String(contentsOf: Repository.root.appendingPathComponent("data/feedback.csv"), encoding: .utf8),
            file: "data/feedback.csv", columns: FeedbackImport.itemColumns)
        let used = Set(items.rows.flatMap { Themes.parse($0["theme"]) })
        #expect(codebook.check(used: used).map(\.description) == [])
    }
}
