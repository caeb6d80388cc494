import CohortCore

/// The templates `cohort init` writes into `templates/`, which the team then edits. Each is
/// rendered with its channel's escaping; `{{{body}}}` and `{{{blog_link}}}` are already rendered
/// for the channel and are the only values inserted unescaped.
public enum DefaultTemplates {
    /// Paths relative to the workspace, and contents.
    public static let files: [String: String] = [
        "templates/meta.wiki.mustache": """
        == {{announcement.meta_section}} ==
        ''{{announcement.date}}''

        {{{body}}}
        {{#announcement.has_blog_url}}

        Read more on the Diff blog: {{{blog_link}}}.
        {{/announcement.has_blog_url}}
        {{#announcement.has_archive_url}}

        This update was also sent to the mailing lists: {{{archive_link}}}.
        {{/announcement.has_archive_url}}

        {{> signature}}

        """,
        "templates/blog.html.mustache": """
        <p class="cohort-date">{{announcement.date}}</p>
        {{{body}}}
        <p class="cohort-signature">{{> signature}}</p>

        """,
        "templates/mail.txt.mustache": """
        {{announcement.title}}

        {{{body}}}
        {{#announcement.has_blog_url}}

        Read the full post on the Diff blog: {{{blog_link}}}
        {{/announcement.has_blog_url}}

        --
        {{> signature}}
        {{program.name}}

        """,
        "templates/mail.html.mustache": """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{{announcement.title}}</title></head>
        <body>
        <h1>{{announcement.title}}</h1>
        {{{body}}}
        {{#announcement.has_blog_url}}
        <p>Read the full post on the Diff blog: {{{blog_link}}}.</p>
        {{/announcement.has_blog_url}}
        <p>{{> signature}}<br>{{program.name}}</p>
        </body>
        </html>

        """,
        "templates/partials/signature.mustache":
            "Questions? Write to {{program.contact_name}} at {{program.contact_email}}.\n",
        // The post for the social media channels used for recruitment: short (500 characters as
        // Mastodon counts them, each link 23), and it links the blog post.
        "templates/social.txt.mustache": """
        {{announcement.title}}
        {{#announcement.has_excerpt}}

        {{announcement.excerpt}}
        {{/announcement.has_excerpt}}
        {{#announcement.has_blog_url}}

        {{{blog_link}}}
        {{/announcement.has_blog_url}}

        """,
    ]
}

/// The starting text of `cohort announce new KIND SLUG`: front matter filled from the program,
/// and a body outline for the kind.
public enum AnnouncementSkeleton {
    /// The text of a new `announcements/<slug>.md`.
    public static func text(
        kind: String, slug: String, program: Program, today: CivilDate, title given: String? = nil,
        outline body: String? = nil
    ) -> String {
        let lists = program.channels.mail?.lists.map(\.id) ?? []
        let site = program.channels.blog?.site.absoluteString ?? "https://blog.example.org"
        let base = site.hasSuffix("/") ? String(site.dropLast()) : site
        let url = "\(base)/\(String(format: "%04d/%02d/%02d", today.year, today.month, today.day))/\(slug)/"
        let title = YAMLContentType().escapeText(
            given ?? slug.split(separator: "-").joined(separator: " ").capitalized)
        return """
            ---
            title: \(title)
            kind: \(kind)
            date: \(today)
            channels: [meta, blog, mail]
            meta:
              section: \(title)
              summary: \(title)
            blog:
              url: \(url)
              categories: [Community]
            mail:
              to: [\(lists.joined(separator: ", "))]
            ---
            \(body ?? outline[kind] ?? outline["update"]!)
            """
    }

    /// The body of a delay notice for `wave`: every earlier date and the new one at their
    /// precision ("first planned for May–June 2022, then the second half of 2022, is now planned
    /// for the first half of 2023"), and the reason.
    /// `alsoMoved` names what moved with it (a cascade): each wave, milestone or phase (`wave`,
    /// `milestone`, `phase`, and its id) gets a line with its old and new date, so one notice tells
    /// the whole slip.
    public static func delay(wave: String, reason: String, alsoMoved: [(section: String, id: String)] = []) -> String {
        let cascade =
            alsoMoved.isEmpty
            ? ""
            : "\nWhat follows it moves too:\n\n"
                + alsoMoved.map { section, id in
                    "- {{\(section).\(id).name}} moves from {{\(section).\(id).previous_date_phrase}} to **{{\(section).\(id).date_phrase}}**.\n"
                }.joined()
        return """
            The {{wave.\(wave).name}}, first planned for {{wave.\(wave).dates_so_far}}, is now planned for
            **{{wave.\(wave).date_phrase}}**.
            \(cascade)
            ## Why

            \(reason)

            """
    }

    static let outline: [String: String] = [
        "call-for-participation": """
        We are looking for participants for the {{program.name}}.

        ## Who can take part

        Selection is first come, first served among those who meet every requirement.

        ## How to sign up

        """,
        "workshop": """
        Join us for an office hour.

        ## When

        """,
        "outcome": """
        Thank you to everyone who took part. Here is what we heard and what comes next.

        ## What we heard

        We received {{feedback.items}} comments. Where they go:

        - We act on it now: {{feedback.disposition.act-now.count}}
        - Strategic planning: {{feedback.disposition.strategic-planning.count}}
        - Idea parking lot: {{feedback.disposition.idea-parking-lot.count}}, and {{feedback.disposition.beyond-scope.count}} beyond the scope
        - Unclear to us, to be asked about: {{feedback.disposition.clarification-requested.count}}
        - Challenge points: {{feedback.disposition.challenge-points.count}}
        {{#feedback.has_pending}}
        - Still being decided: {{feedback.pending}} ({{feedback.awaiting_reconciliation}} awaiting reconciliation, {{feedback.awaiting_clarification}} awaiting clarification, {{feedback.awaiting_coding}} still being coded)
        {{/feedback.has_pending}}

        ## What happens next

        """,
        "delay": """
        The {{wave.public.name}} is now planned for {{wave.public.date}}.

        ## Why

        """,
        "release": """
        The {{wave.public.name}} is now open.

        """,
        "update": """
        An update on the {{program.name}}.

        """,
    ]
}
