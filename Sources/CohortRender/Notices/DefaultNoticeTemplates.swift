import CohortCore

/// The notice templates used when a workspace has none of its own, and that `cohort init` writes
/// into `templates/notices/` for the team to edit (English; a language of its own goes in
/// `templates/notices/<language>/`).
public enum DefaultNoticeTemplates {
    /// The English template of `kind`.
    public static func text(_ kind: NoticeKind) -> String {
        switch kind {
        case .enrolled:
            """
            Subject: {{program.name}}: you have a seat in the pilot

            Dear {{person.name}},

            Thank you for signing up. You have seat {{notice.seat}} of {{notice.capacity}} in the pilot cohort
            of the {{program.name}}.
            {{#notice.nda_signed}}

            Your data non-disclosure agreement (NDA) is signed, so you can join the pilot sessions and see
            the data when the pilot opens.
            {{/notice.nda_signed}}
            {{#notice.nda_to_sign}}

            Next step: the data non-disclosure agreement (NDA). You agreed to sign it; the pilot sessions and
            the data need it signed, so you can join them once it is.
            {{#notice.nda_sent}}
            We have sent it to you: please sign it and send it back.
            {{/notice.nda_sent}}
            {{^notice.nda_sent}}
            We will send it to you shortly.
            {{/notice.nda_sent}}
            {{/notice.nda_to_sign}}

            What happens next: we will invite you to the pilot office hours by mail, with the time in your
            own time zone ({{person.time_zone}}). If you can no longer take part, reply to this mail and we
            will offer your seat to the next person in line.

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .waitlisted:
            """
            Subject: {{program.name}}: you are on the wait-list for the pilot

            Dear {{person.name}},

            Thank you for signing up. All {{notice.capacity}} seats of the pilot cohort are taken, so you
            are on the wait-list: number {{notice.place}} in line. Seats are offered first come, first
            served, in the order people signed up.

            If a seat frees up and it is your turn, we will write to you with an offer and the time you
            have to accept it. You need not do anything until then.

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .offered:
            """
            Subject: {{program.name}}: a seat in the pilot is offered to you

            Dear {{person.name}},

            A seat in the pilot cohort of the {{program.name}} has become free, and you are next in line.
            It is yours if you accept it by:

              {{notice.deadline}} (your time, {{person.time_zone}})
              {{notice.deadline_utc}}

            To accept, reply to this mail before then. If we do not hear from you within
            {{notice.hours}} hours, the seat passes to the next person on the wait-list.

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .lapsed:
            """
            Subject: {{program.name}}: the pilot seat offered to you has passed on

            Dear {{person.name}},

            We did not hear from you in time, so the seat in the pilot cohort we offered you has passed to
            the next person in line. Thank you for your interest: you can still follow the project and
            take part in the public consultation on its Meta-Wiki talk page.

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .withdrawn:
            """
            Subject: {{program.name}}: your withdrawal from the pilot

            Dear {{person.name}},

            We have recorded that you are leaving the pilot of the {{program.name}}; your seat (or your
            place in line) passes to the next person. Thank you for the time you gave us. You are welcome
            to follow the project and take part in the public consultation on its Meta-Wiki talk page.

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .welcome:
            """
            Subject: Welcome to the {{program.name}}, {{notice.partner_name}}

            Dear {{person.name}},

            Thank you for joining the {{program.name}} as a partner. {{notice.partner_name}} gets access to
            the data in the "{{notice.wave_name}}" release ({{notice.wave_date}}) once onboarding is
            complete. Onboarding goes through these stages:

            {{#notice.stages}}
              - {{name}}
            {{/notice.stages}}

            You are at the first one now ({{notice.stage_name}}). We will write to you as each stage
            begins, with what it asks of you and by when.

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .stage:
            """
            Subject: {{notice.partner_name}}: {{notice.stage_name}} begins

            Dear {{person.name}},

            {{notice.partner_name}} has reached the "{{notice.stage_name}}" stage of onboarding to the
            {{program.name}}.
            {{#notice.has_items}}

            This stage asks for (dates in your time zone, {{person.time_zone}}):

            {{#notice.items}}
              - {{name}}, by {{due}}
            {{/notice.items}}
            {{/notice.has_items}}
            {{^notice.has_items}}

            There is nothing for you to do at this stage; we will write when the next one begins.
            {{/notice.has_items}}

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .gate:
            """
            Subject: {{notice.partner_name}} and the "{{notice.wave_name}}" release

            Dear {{person.name}},

            The "{{notice.wave_name}}" release ({{notice.wave_date}}) opens once every partner in it has
            reached "{{notice.gate_stage_name}}" in onboarding. {{notice.partner_name}} is at
            "{{notice.stage_name}}" now.
            {{#notice.has_items}}

            Still to do at this stage (dates in your time zone, {{person.time_zone}}):

            {{#notice.items}}
              - {{name}}, due {{due}}
            {{/notice.items}}
            {{/notice.has_items}}

            If something stands in the way, reply to this mail and we will help.

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .clarification:
            """
            Subject: A question about your comment to the {{program.name}}

            Dear {{person.name}},

            Thank you for your comment of {{notice.received}}:

              {{notice.comment}}

            We want to be sure we understand it before we place it in our synthesis. Could you tell us
            more?

              {{notice.question}}

            A reply to this mail is all it takes.

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .waveOpen:
            """
            Subject: {{program.name}}: {{notice.wave_name}} is open

            Dear {{person.name}},

            The "{{notice.wave_name}}" release of the {{program.name}} is open: {{notice.wave_audience}}
            can now reach the data it releases.
            {{#notice.has_reason}}

            {{notice.reason}}
            {{/notice.has_reason}}

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .wavePause:
            """
            Subject: {{program.name}}: {{notice.wave_name}} is paused

            Dear {{person.name}},

            We have paused the "{{notice.wave_name}}" release of the {{program.name}}: access is on hold
            until we resume it, and we will write to you again when we do.
            {{#notice.has_reason}}

            Why: {{notice.reason}}
            {{/notice.has_reason}}

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        case .digest:
            """
            Subject: {{program.name}}: {{notice.count}} question(s) waiting on the talk page, {{notice.overdue_count}} overdue

            Dear {{person.name}},

            On {{notice.date}}, {{notice.count}} question(s) in "{{notice.section}}" of {{notice.page}}
            wait for an answer from staff. The plan promises a response daily on working days.
            {{#notice.has_overdue}}

            Overdue (more than a working day without an answer):

            {{#notice.overdue}}
              - {{id}}: {{question}} ({{asked_by}}; {{working_days}} working day(s))
            {{/notice.overdue}}
            {{/notice.has_overdue}}

            Every question waiting:

            {{#notice.questions}}
              - {{id}} (line {{line}}): {{question}} (last by {{last_by}}, {{working_days}} working day(s))
            {{/notice.questions}}

            Answer with `cohort talk reply THREAD --text ... --by NAME`, or on the page itself.

            --
            {{program.name}}

            """
        case .waveResume:
            """
            Subject: {{program.name}}: {{notice.wave_name}} is open again

            Dear {{person.name}},

            The "{{notice.wave_name}}" release of the {{program.name}}, paused before, is open again:
            access is back as it was.
            {{#notice.has_reason}}

            {{notice.reason}}
            {{/notice.has_reason}}

            --
            Questions? Write to {{program.contact_name}} at {{program.contact_email}}.
            {{program.name}}

            """
        }
    }

    /// The talk-page reply drafted when a commenter has no address (wikitext).
    public static let talkPageClarification = """
        :Thank you for this comment. We want to be sure we understand it before we place it in our synthesis: {{notice.question}} ~~~~

        """

    /// The files `cohort init` writes, by path relative to the workspace.
    public static var files: [String: String] {
        var files: [String: String] = [:]
        for kind in NoticeKind.allCases { files[NoticeTemplate.path(kind, language: "en")] = text(kind) }
        files[talkPagePath] = talkPageClarification
        return files
    }

    /// Where the talk-page reply template lives.
    public static let talkPagePath = "templates/notices/clarification.wiki.mustache"
}
