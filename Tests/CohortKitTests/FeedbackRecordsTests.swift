import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

@Suite("Feedback records")
struct FeedbackRecordsTests {
    static let now = Instant.parse("2022-03-20T10:00:00Z")!

    static func session(_ workspace: TemporaryFolder) throws -> ProgramSession {
        try ProgramSession.open(workspace: workspace.url.path, from: workspace.url)
    }

    static func audit(_ command: String) -> AuditContext {
        AuditContext(now: now, actor: "rosa", command: command)
    }

    static func table(_ text: String, _ columns: CSVColumns, file: String = "in.csv") throws -> CSVTable {
        try CSVTable.parse(text, file: file, columns: columns)
    }

    static let items = """
        id,source,received_at,author,text,theme
        fb-2,talk-page,2022-02-02T18:40:00+01:00,Tomasz K.,"Where, exactly?",data; access
        fb-1,survey,2022-02-11,,Fine.,
        fb-3,pilot-session,2022-02-04T16:20:00Z,,"Say ""yes"" now",

        """

    @Test func everythingRoundTripsInTheOrderItWasMade() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent("state.sqlite"))
        let item = FeedbackItem(
            id: "fb-9", source: "survey", receivedAt: Self.now, author: "Ann", text: "Line one\nline \"two\"",
            themes: ["a", "b; c"])
        let code = FeedbackCode(
            itemID: "fb-9", round: 1, judge: "amara", category: .againstAim, themes: ["x"], codedAt: Self.now)
        let reconciliation = Reconciliation(
            itemID: "fb-9", round: 1, category: .noAgreement, note: "n", by: "Rosa", at: Self.now)
        let clarification = Clarification(itemID: "fb-9", round: 0, note: "c", by: "Rosa", at: Self.now)
        try store.write { records in
            try records.save(FeedbackItem(id: "fb-10", source: "s", receivedAt: Self.now, text: "first"))
            try records.save(item)
            try records.append(code)
            try records.append(reconciliation)
            try records.append(clarification)
        }
        // Saving again updates in place and keeps the import order.
        try store.write { try $0.save(FeedbackItem(id: "fb-10", source: "s", receivedAt: Self.now, text: "edited")) }
        let (items, codes, reconciliations, clarifications) = try store.read { records in
            (
                try records.feedbackItems(), try records.feedbackCodes(), try records.reconciliations(),
                try records.clarifications()
            )
        }
        #expect(items.map(\.id) == ["fb-10", "fb-9"])
        #expect(items.first?.text == "edited")
        #expect(items.last == item)
        #expect(codes == [code])
        #expect(reconciliations == [reconciliation])
        #expect(clarifications == [clarification])
    }

    @Test func aCodeForAnItemThatIsNotStoredIsRefusedByTheDatabase() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent("state.sqlite"))
        #expect(throws: (any Error).self) {
            try store.write { records in
                try records.append(
                    FeedbackCode(itemID: "nowhere", judge: "amara", category: .unclear, codedAt: Self.now))
            }
        }
    }

    @Test func importsCodesReconciliationAndClarificationAreAudited() throws {
        let workspace = try TemporaryFolder.workspace()
        let session = try Self.session(workspace)
        let changes = try FeedbackCoding(session).importFeedback(
            try Self.table(Self.items, FeedbackImport.itemColumns), audit: Self.audit("feedback import"))
        #expect(changes.added.map(\.id) == ["fb-2", "fb-1", "fb-3"])
        let codes = """
            item_id,judge,category,theme
            fb-1,amara,unclear,
            fb-1,jonas,integrate-now,privacy
            fb-2,amara,unclear,
            fb-2,jonas,unclear,
            """
        let outcomes = try FeedbackCoding(session).importCodes(
            try Self.table(codes, FeedbackImport.codeColumns), audit: Self.audit("feedback import-codes"))
        #expect(outcomes.count == 4)
        try FeedbackCoding(session).reconcile(
            item: "fb-1", category: .unclear, note: "ask the author", by: "Amara and Jonas",
            audit: Self.audit("feedback reconcile"))
        try FeedbackCoding(session).clarify(
            item: "fb-2", note: "they mean the 2021 reports", audit: Self.audit("feedback clarify"))

        let ledger = try FeedbackCoding(session).feedbackLedger()
        #expect(ledger.items.map(\.id) == ["fb-2", "fb-1", "fb-3"])
        #expect(ledger.states[1].finalCategory == .unclear)
        #expect(ledger.states[0].round == 1)
        let entries = try session.openStore().read { try $0.auditEntries(limit: nil) }
        #expect(entries.map(\.action) == ["import", "code", "code", "code", "code", "reconcile", "clarify"])
        #expect(
            entries.map(\.subject).dropFirst() == [
                "feedback:fb-1", "feedback:fb-1", "feedback:fb-2", "feedback:fb-2", "feedback:fb-1", "feedback:fb-2",
            ])
        #expect(entries.allSatisfy { $0.at == Self.now && $0.actor == "rosa" })
        #expect(entries[2].reason == "jonas coded integrate-now")
        #expect(entries[2].details == #"{"category":"integrate-now","judge":"jonas","round":0,"themes":["privacy"]}"#)
        #expect(entries[5].reason == "agreed unclear: ask the author")
    }

    @Test func aRefusedFileLeavesNoTrace() throws {
        let workspace = try TemporaryFolder.workspace()
        let session = try Self.session(workspace)
        try FeedbackCoding(session).importFeedback(
            try Self.table(Self.items, FeedbackImport.itemColumns), audit: Self.audit("feedback import"))
        let before = try session.openStore().read { try $0.auditCount() }
        // Row 2 is fine and would be recorded first; row 3 names an unknown judge.
        let codes = "item_id,judge,category,theme\nfb-1,amara,unclear,\nfb-2,rosa,unclear,\n"
        #expect(throws: CSVProblems.self) {
            try FeedbackCoding(session).importCodes(
                try Self.table(codes, FeedbackImport.codeColumns), audit: Self.audit("feedback import-codes"))
        }
        #expect(try FeedbackCoding(session).feedbackLedger().codes.isEmpty)
        #expect(try session.openStore().read { try $0.auditCount() } == before)
    }

    @Test func reImportingTheSameFileRecordsNothing() throws {
        let workspace = try TemporaryFolder.workspace()
        let session = try Self.session(workspace)
        for _ in 0..<2 {
            try FeedbackCoding(session).importFeedback(
                try Self.table(Self.items, FeedbackImport.itemColumns), audit: Self.audit("feedback import"))
            try FeedbackCoding(session).importCodes(
                try Self.table("item_id,judge,category\nfb-1,amara,unclear\n", FeedbackImport.codeColumns),
                audit: Self.audit("feedback import-codes"))
        }
        #expect(try FeedbackCoding(session).feedbackLedger().codes.count == 1)
        #expect(try session.openStore().read { try $0.auditCount() } == 2)
    }

    @Test func aCSVFileIsReadRelativeToTheGivenFolderAndNamedAsGiven() throws {
        let folder = try TemporaryFolder()
        try folder.write("data/codes.csv", "item_id,judge,category\nfb-1,amara,unclear\n")
        let table = try CSVFile.read("data/codes.csv", columns: FeedbackImport.codeColumns, relativeTo: folder.url)
        #expect(table.file == "data/codes.csv")
        #expect(table.rows.count == 1)
        #expect(throws: CSVFileError(path: "data/none.csv", reason: "no such file")) {
            try CSVFile.read("data/none.csv", columns: FeedbackImport.codeColumns, relativeTo: folder.url)
        }
        try Data([0x69, 0x64, 0xFF, 0x0A]).write(to: folder.url.appendingPathComponent("latin1.csv"))
        let latin1 = #expect(throws: CSVProblems.self) {
            try CSVFile.read("latin1.csv", columns: FeedbackImport.codeColumns, relativeTo: folder.url)
        }
        #expect(
            latin1?.problems.map(\.description) == [
                "latin1.csv:1:3: byte 0xFF is not UTF-8 text; save the file as CSV UTF-8"
            ])
    }
}
