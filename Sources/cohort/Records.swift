import ArgumentParser
import CohortKit

extension Cohort {
    struct RecordsGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "records",
            abstract: "Move a workspace's records between SQLite and PostgreSQL.",
            discussion: """
                The records live in the workspace's .cohort/state.sqlite unless records: in \
                cohort.yaml, COHORT_DATABASE_URL or --database-url names a PostgreSQL database \
                a team shares. copy moves every record from the store in use into an empty one.

                Examples:
                  cohort records copy --to postgres://rosa@db.example.org/pilot
                """,
            subcommands: [Copy.self])

        struct Copy: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy every record into an empty database, checked table by table.",
                discussion: """
                    Copies every record of the store in use (the workspace's SQLite file, or the \
                    PostgreSQL database of --database-url or COHORT_DATABASE_URL) into an empty \
                    target in one transaction, then reads each table back and compares its row \
                    count and hash. A target that holds any record is refused. The target is a \
                    PostgreSQL URL (no password in it: use PGPASSWORD, COHORT_DATABASE_PASSWORD \
                    or ~/.pgpass) or the path of a new SQLite file.

                    Examples:
                      cohort records copy --to postgres://rosa@db.example.org/pilot
                      cohort --database-url postgres://rosa@db.example.org/pilot \\
                        records copy --to .cohort/state.sqlite
                    """)

            @Option(help: ArgumentHelp("A PostgreSQL URL or a SQLite file path.", valueName: "url"))
            var to: String

            @OptionGroup var options: GlobalOptions

            func run() throws {
                let report = try options.context().copyRecords(to: to)
                try Output.show(report, json: options.json) { RecordsCopyText.render(report) }
            }
        }
    }
}
