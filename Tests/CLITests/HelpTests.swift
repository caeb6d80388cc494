import CohortTestSupport
import Foundation
import Testing

/// Every help page, as the built binary prints it at 80 columns: prose wraps as prose (no line
/// broken early in mid-sentence), nothing is wider than 80 columns, and examples never wrap back
/// to column 0 (a long one continues with `\` on an indented line).
@Suite struct HelpTests {
    /// Every command path, from `--experimental-dump-help`.
    static func commands() throws -> [[String]] {
        let dump = try Processes.cohort(["--experimental-dump-help"])
        let read = try Processes.python(
            """
            import json, sys
            d = json.load(sys.stdin)
            def walk(c, path):
                print(' '.join(path))
                for s in c.get('subcommands') or []:
                    walk(s, path + [s['commandName']])
            walk(d['command'], [])
            """, input: dump.stdout)
        return read.stdoutLines.map { $0.split(separator: " ").map(String.init) }
    }

    /// The problems of one help page.
    static func problems(_ page: String) -> [String] {
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var problems: [String] = []
        var inOverview = true
        var inExamples = false
        for (index, line) in lines.enumerated() {
            // The usage line is the parser's own and does not wrap; everything else must fit.
            if line.hasPrefix("USAGE:") { inOverview = false }
            if line.count > 80, !line.hasPrefix("USAGE:") { problems.append("wider than 80 columns: \(line)") }
            if line == "Examples:" {
                inExamples = true
                continue
            }
            if line.isEmpty || line.hasPrefix("USAGE:") { inExamples = false }
            if inExamples, inOverview {
                let previous = lines[index - 1]
                let continues = previous.hasSuffix("\\")
                if !line.hasPrefix("  ") || (!continues && !line.hasPrefix("  cohort ")) {
                    problems.append(
                        "an example that does not start with `  cohort` or continue the one before: \(line)")
                }
                continue
            }
            // A prose line followed by more of the same paragraph must be full: the next word
            // would not have fitted (the parser keeps lines under 80), else the break was
            // written into the text mid-sentence.
            guard inOverview, index + 1 < lines.count, !line.hasPrefix(" "), !line.hasSuffix(":") else { continue }
            let next = lines[index + 1]
            guard let word = next.split(separator: " ").first, let first = next.first, first.isLowercase,
                !next.hasPrefix(" ")
            else { continue }
            if line.count + 1 + word.count < 80 {
                problems.append("broken mid-sentence after: \(line)")
            }
        }
        return problems
    }

    @Test func everyHelpPageWrapsAsProseAt80Columns() throws {
        let commands = try Self.commands()
        #expect(commands.count > 60, "the command tree: \(commands)")
        for command in commands {
            let result = try Processes.cohort(command + ["--help"], environment: ["COLUMNS": "80"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            let problems = Self.problems(result.stdout)
            #expect(
                problems.isEmpty,
                "cohort \(command.joined(separator: " ")) --help:\n\(problems.joined(separator: "\n"))")
            #expect(
                result.stdout.contains("Examples:"), "cohort \(command.joined(separator: " ")) --help has no examples")
        }
    }

    @Test func theCheckerFindsAnEarlyBreakAndAWrappedExample() {
        let page = """
            OVERVIEW: Something.

            This sentence stops
            early and goes on here.

            Examples:
              cohort status
            --json

            USAGE: cohort x
            """
        #expect(Self.problems(page).count == 2)
    }
}
