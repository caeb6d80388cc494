import CohortTestSupport
import Foundation
import Testing

/// Issue 26, finding 7: Scripts/example-records skipped empty workspaces. `grep -q` under
/// `pipefail` stopped reading `status --json` early, cohort died of SIGPIPE and the workspace was
/// called filled. A stand-in cohort prints a long status (so the pipe fills) and logs its calls.
@Suite struct ExampleRecordsScriptTests {
    /// A stand-in for cohort: `status --json` prints `entries` audit entries then 256 KiB more
    /// (or fails when `entries` is nil); every other command is logged and succeeds.
    static func standIn(_ folder: TemporaryFolder, entries: Int?) throws -> String {
        let status =
            entries.map {
                #"printf '{\n  "audit_entries" : \#($0),\n'; head -c 262144 /dev/zero | tr '\0' ' '; printf '\n}\n'"#
            } ?? "echo 'cohort: the records database is damaged' >&2; exit 1"
        let script = """
            #!/usr/bin/env bash
            shift 2  # --workspace DIR
            if [[ "$1" == status ]]; then \(status); exit 0; fi
            echo "$*" >> "\(folder.path("calls.log"))"
            """
        try folder.write("cohort", script)
        chmod(folder.path("cohort"), 0o755)
        return folder.path("cohort")
    }

    static func replay(_ cohort: String, _ folder: TemporaryFolder) throws -> ProcessResult {
        try Processes.run(
            URL(fileURLWithPath: "/bin/bash"),
            [
                Repository.root.appendingPathComponent("Scripts/example-records").path, "--cohort", cohort,
                folder.url.path,
            ])
    }

    @Test func anEmptyWorkspaceIsFilledHoweverLongTheStatus() throws {
        for _ in 1...10 {
            let folder = try TemporaryFolder()
            let result = try Self.replay(try Self.standIn(folder, entries: 0), folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("already has records"), "\(result.stderr)")
            #expect(try folder.read("calls.log").hasPrefix("pilot import "))
        }
    }

    @Test func onlyTheRecordsSayAWorkspaceIsFilled() throws {
        let folder = try TemporaryFolder()
        let filled = try Self.replay(try Self.standIn(folder, entries: 173), folder)
        #expect(filled.status == 0)
        #expect(filled.stderr.contains("already has records (173 audit entries); left as they are"), "\(filled.stderr)")
        #expect(!folder.exists("calls.log"))
        let broken = try Self.replay(try Self.standIn(folder, entries: nil), folder)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("cohort status failed"), "\(broken.stderr)")
        #expect(!broken.stderr.contains("already has records"))
        #expect(!folder.exists("calls.log"))
    }
}
