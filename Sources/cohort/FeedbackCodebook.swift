import ArgumentParser
import CohortKit

/// The codebook: printed, and linted.
extension Cohort.Feedback {
    struct Codebook: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the judges' codebook (codebook.yaml), or lint it with --check.",
            discussion: """
                The codebook, codebook.yaml at the workspace root, holds each category's and each theme's \
                definition, an example, and when to use it and when not, under a version number \
                with a changelog. Every code records the version it was made under, and `cohort \
                feedback agreement --codebook-version V` reads agreement for one version. --check \
                reports, each at its file:line:column, a category or theme without a definition, a \
                theme no item or code uses, two themes with one definition, and a theme given in \
                the records that the codebook does not define (exit 65 when any is found).

                Examples:
                  cohort feedback codebook
                  cohort feedback codebook --check
                """)

        @Flag(help: "Lint the codebook against itself and the themes in the records.") var check = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let view = try FeedbackCoding(options.session()).showCodebook(check: check)
            try Output.show(view, json: options.json) { view.text }
        }
    }
}
