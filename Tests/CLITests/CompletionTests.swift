import CohortTestSupport
import Foundation
import Testing

/// Shell completions: the scripts for bash, zsh and fish, and the workspace values they ask the
/// binary for (the call the generated scripts make, `cohort ---completion ...`).
@Suite struct CompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func aScriptIsGeneratedForEachShell(shell: String) throws {
        let result = try Processes.cohort(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("---completion"), "the script asks cohort for workspace values")
        #expect(result.stdout.contains("announce"))
    }

    @Test func bashReadsTheScriptWithoutAnError() throws {
        let script = try Processes.cohort(["--generate-completion-script", "bash"])
        let folder = try TemporaryFolder()
        try folder.write("cohort.bash", script.stdout)
        let check = try Processes.run(URL(fileURLWithPath: "/bin/bash"), ["-n", folder.path("cohort.bash")])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test(arguments: [
        (
            ["announce", "show"], "positional@0", "2022-0",
            ["2022-01-call-for-participation", "2022-02-office-hours", "2022-05-dashboard-delay", "2022-06-outcome"]
        ),
        (["release", "explain"], "positional@0", "p", ["partners", "pilot", "public"]),
        (["timeline", "shift"], "positional@0", "input", ["input", "input-closes"]),
        (["feedback", "next"], "--judge", "", ["amara", "jonas"]),
    ])
    func workspaceValuesComplete(command: [String], argument: String, prefix: String, expected: [String]) throws {
        let result = try Processes.cohort(
            ["---completion"] + command + ["--", argument, "0", "\(prefix.count)", prefix], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines == expected)
    }
}
