import ArgumentParser
import CohortKit

extension Cohort {
    /// `cohort report`: the status report as one offline HTML page.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the status report: one offline HTML page of charts and tables.",
            discussion: """
                One self-contained file (inline CSS and SVG, no script, nothing fetched) that \
                opens offline and prints on A4: the phase and the next milestones, the timeline \
                with its slips, the pilot cohort, workshop attendance, the partner funnel, the \
                release waves and their gates, the judges' agreement with its confusion matrix, \
                dispositions and themes, and where each announcement stands. Every chart has a \
                data table after it. --audience public (the default) leaves out every personal \
                name and address and every NDA detail; --audience staff adds them and is marked \
                confidential at the top. Without --out the page goes to stdout; --json prints \
                the report's values instead. `cohort build` writes the public report to \
                calendar/report.html. --out never writes into .cohort/ or over cohort.yaml, \
                and replaces an existing file only if cohort wrote it (unless --force).

                Examples:
                  cohort report --out report.html
                  cohort report --audience staff --out /tmp/staff.html
                  cohort report --now 2022-03-15T00:00:00Z --json
                """)

        @Option(help: "The file to write (default: stdout).") var out: String?
        @Flag(help: "Replace the --out file even if cohort did not write it.") var force = false
        @Option(help: "public (no personal data) or staff (confidential).") var audience: ReportAudience = .public
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let shown = try ProgramReporting(options.session()).report(
                now: options.now, audience: audience, out: out, force: force)
            if options.json { return try Output.json(shown.document) }
            if let written = shown.written { return Output.say("Wrote \(written) (\(audience.rawValue))") }
            Output.say(shown.html, terminator: "")
        }
    }
}

extension ReportAudience: ExpressibleByArgument {}
