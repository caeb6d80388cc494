import ArgumentParser
import CohortKit

/// The coding, for qualitative-analysis tools.
extension Cohort.Feedback {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the codebook and the judges' coding for qualitative-analysis tools (REFI-QDA).",
            discussion: """
                --format qdpx writes a REFI-QDA project (project.qde in a ZIP), which ATLAS.ti, \
                MAXQDA, NVivo and QualCoder open: the codebook as codes (the six categories and \
                the themes, each with its definition), each feedback item as a text source, and \
                each judge's code as a coding of the whole comment by that judge's user. --format \
                qdc writes the codebook alone. --audience public (the default) leaves out authors \
                and hidden items; staff keeps both, hidden items marked. GUIDs derive from the \
                ids, so the same records give the same file.

                Examples:
                  cohort feedback export --format qdpx --out coding.qdpx
                  cohort feedback export --format qdc --out codebook.qdc
                  cohort feedback export --format qdpx --audience staff --out /tmp/staff.qdpx
                """)

        @Option(help: "qdpx (a project) or qdc (the codebook alone).") var format: FeedbackExportFormat
        @Option(help: "The file to write.") var out: String
        @Option(help: "public (no authors, no hidden items) or staff.") var audience: ReportAudience = .public
        @Flag(help: "Replace the --out file even if cohort did not write it.") var force = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let exported = try FeedbackCoding(options.session()).exportFeedback(
                format: format, audience: audience, out: out, now: try options.now, force: force)
            try Output.show(exported, json: options.json) { exported.text }
        }
    }
}

extension FeedbackExportFormat: ExpressibleByArgument {}
