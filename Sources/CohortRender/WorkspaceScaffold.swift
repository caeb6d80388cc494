import CohortCore
import Mustache

/// The files `cohort init` writes: a commented, valid `cohort.yaml` and the workspace's folders.
public enum WorkspaceScaffold {
    /// The files of a new workspace, by path relative to its folder.
    public static func files(name: String, timeZone: String, today: CivilDate) -> [String: String] {
        _ = YAMLContentType.registered
        let start = DatePeriod.month(containing: today)
        let endMonth = today.adding(days: 62)
        let context: [String: Any] = [
            "name": name,
            "slug": slug(for: name),
            "time_zone": timeZone,
            "start": start.description,
            "end": String(format: "%04d-%02d", endMonth.year, endMonth.month),
            "kickoff": today.description,
        ]
        // The template is a compile-time constant; failing to parse it is a programming error.
        let template = try! MustacheTemplate(string: configurationTemplate)
        var files = [
            Workspace.configuration: template.render(context),
            ".gitignore": "# The records database holds personal data under NDA: never commit it.\n.cohort/\n",
            "templates/README.md": folderNote("Mustache templates for announcement channels (meta, blog, mail)."),
            "announcements/README.md": folderNote(
                "Announcement sources (`<slug>.md`: YAML front matter and a CommonMark body) and their rendered channels."
            ),
            "calendar/README.md": folderNote("iCalendar files written by `cohort calendar` and `cohort build`."),
            "codebook.yaml": codebook(today: today),
        ]
        files.merge(DefaultTemplates.files) { own, _ in own }
        files.merge(DefaultNoticeTemplates.files) { own, _ in own }
        // `partner remind` reads it; written so the team sees and edits what partners receive.
        files[ReminderMailer.templatePath] = ReminderMailer.defaultTemplate
        return files
    }

    /// A slug for a program name: lowercase letters and digits joined by hyphens.
    public static func slug(for name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        let words = folded.lowercased().unicodeScalars.split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
        let slug = words.map { String(String.UnicodeScalarView($0)) }.joined(separator: "-")
        return slug.isEmpty ? "program" : slug
    }

    private enum Workspace {
        static let configuration = "cohort.yaml"
    }

    private static func folderNote(_ text: String) -> String { "\(text)\n" }

    /// A starting `codebook.yaml`: version 1, the plan's six categories defined, no themes yet.
    static func codebook(today: CivilDate) -> String {
        """
        # The codebook the two judges code feedback with (`cohort feedback codebook`; `--check`
        # lints it). Raise `version` and add a changelog entry whenever a definition changes: each
        # code records the version it was made under.
        version: 1
        changelog:
          - version: 1
            date: \(today.description)
            change: The plan's six categories.

        categories:
          integrate-now:
            definition: Can be integrated right away, and all agree it improves the project.
            use_when: It fits the current work and no one objects.
            not_when: It needs time, resourcing or a decision first.
          needs-resourcing:
            definition: Can be integrated, but needs time or resourcing.
          no-agreement:
            definition: Could be integrated, but not all agree it should be.
          unclear:
            definition: Unclear; its author is asked what they meant.
          out-of-scope:
            definition: Does not align to a problem space in scope.
          against-aim:
            definition: Goes against the aim of the project.

        # Each theme: definition, example, use_when, not_when.
        themes: {}

        """
    }

    static let configurationTemplate = """
        {{% CONTENT_TYPE: YAML }}
        # Cohort workspace: the program this folder runs. `cohort check` validates it.
        # Dates are written at the precision you know them: 2022-02-14 (day), 2022-02 (month),
        # 2022-Q2 (quarter), 2022-H2 (half-year), or a window such as 2022-05/2022-06.
        version: 1

        program:
          name: {{name}}
          slug: {{slug}}                 # used in file names and URLs
          time_zone: {{time_zone}}       # IANA zone in which the program's dates are meant
          contact:
            name: Program team
            email: team@example.org

        timeline:
          phases:
            - id: planning
              name: Planning
              start: {{start}}
              end: {{end}}
          milestones:
            - id: kickoff
              name: Kick-off
              date: {{kickoff}}
              phase: planning

        pilot:
          capacity: 10                  # seats in the pilot cohort
          nda_required: true            # eligibility needs agreeing to sign the NDA; access needs it signed
          offer_hours: 48               # how long a freed seat is offered to the next in line
          public_session_links: false   # meeting links only in personal invitations, not in public calendars

        release:
          waves:
            - id: pilot
              name: Pilot cohort
              audience: Pilot participants under NDA
              gates:
                - nda: signed

        channels:
          meta:
            api: https://meta.example.org/w/api.php
            page: Project/Pilot
          blog:
            site: https://blog.example.org
          mail:
            from:
              name: Program team
              email: team@example.org
            lists:
              - id: announce
                address: announce@lists.example.org

        feedback:
          judges:                       # two staff judges code every feedback item
            - id: judge-a
              name: First judge
            - id: judge-b
              name: Second judge

        """
}
