import Foundation

/// What a notice tells someone: a decision about them, in the words of
/// `templates/notices/<kind>.txt.mustache`.
public enum NoticeKind: String, Sendable, Codable, CaseIterable {
    /// A participant has a seat (selected, or took up an offer): what happens next, the NDA step.
    case enrolled
    /// A participant waits for a seat: their place in line.
    case waitlisted
    /// A freed seat is offered: the deadline in their own zone, how to accept.
    case offered
    /// An offer expired unanswered.
    case lapsed
    /// A withdrawal is confirmed.
    case withdrawn
    /// A partner was invited: welcome, and the onboarding ahead.
    case welcome
    /// A partner entered an onboarding stage: its checklist and due dates.
    case stage
    /// A partner holds a release wave's gate back: what is still to do.
    case gate
    /// A question to a commenter whose feedback was unclear.
    case clarification
    /// A release wave opened: its audience is told what they can now reach.
    case waveOpen = "wave-open"
    /// An open wave was paused: its audience is told access is on hold, and why.
    case wavePause = "wave-pause"
    /// A paused wave resumed: its audience is told access is back.
    case waveResume = "wave-resume"
    /// The day's digest of the talk page's questions still waiting for staff, to the program's contact.
    case digest

    /// The template file name (without language folder): `enrolled.txt.mustache`.
    public var templateName: String { "\(rawValue).txt.mustache" }
}

/// Who a notice goes to: how to greet them, where to write, their zone and their languages.
public struct NoticeRecipient: Sendable, Equatable {
    /// How commands name them: a username, a partner id, a feedback author.
    public var id: String
    /// How the notice greets them.
    public var name: String
    /// Personal data, only ever in the private outbox. Empty when there is none: the notice is
    /// then reported undeliverable, never silently dropped.
    public var email: String
    /// Their IANA zone: deadlines and due dates are shown in it.
    public var timeZone: String
    /// The languages they named, in their order of preference.
    public var languages: [String]

    public init(id: String, name: String, email: String, timeZone: String, languages: [String] = []) {
        self.id = id
        self.name = name
        self.email = email
        self.timeZone = timeZone
        self.languages = languages
    }

    /// True when there is an address to write to.
    public var isReachable: Bool { !email.trimmingCharacters(in: .whitespaces).isEmpty }

    /// The first of their languages that has a template (`available`), else English.
    public func language(among available: Set<String>) -> String {
        languages.map { $0.lowercased() }.first { $0 == "en" || available.contains($0) } ?? "en"
    }
}

/// A notice a decision calls for, before it is rendered: what to tell whom, and the fact it tells
/// of, so that a notice whose decision is undone before it goes out is dropped, not sent.
public struct NoticeDraft: Sendable, Equatable {
    public var kind: NoticeKind
    /// What the decision was about, as the audit log names it (`signup:oliver.b`, `partner:wm-ke`).
    public var subject: String
    /// What makes this notice unique within its kind (`oliver.b`, `wm-ke:technical-onboarding`).
    public var key: String
    public var recipient: NoticeRecipient
    /// The kind's variables, under `notice.` in the template.
    public var fields: [String: TemplateValue]
    /// Instants the template shows in the recipient's zone and language: each `name` gives
    /// `notice.<name>` (their local time), `notice.<name>_utc` and `notice.<name>_iso`.
    public var moments: [String: Date]
    /// What must still be true when it is sent (`standing:offered:2022-02-05T10:00:00Z`).
    public var fact: String

    public init(
        kind: NoticeKind, subject: String, key: String, recipient: NoticeRecipient,
        fields: [String: TemplateValue] = [:], moments: [String: Date] = [:], fact: String
    ) {
        self.kind = kind
        self.subject = subject
        self.key = key
        self.recipient = recipient
        self.fields = fields
        self.moments = moments
        self.fact = fact
    }

    /// The outbox batch: `notice:<kind>:<key>`, one recipient each, so it is sent once; the daily
    /// digest's is `digest:<date>`, one a day for the program.
    public var batch: String { kind == .digest ? "digest:\(key)" : "notice:\(kind.rawValue):\(key)" }
}

/// A notice as the records keep it: what was queued for whom, or why it was not sent.
public struct Notice: Sendable, Equatable {
    /// Where a notice stands, besides its outbox row (which says whether it was sent).
    public enum State: String, Sendable, Codable, CaseIterable {
        /// In the outbox; its row says whether it has gone out.
        case queued
        /// The person has no address: nothing could be queued.
        case undeliverable
        /// The decision it told of was undone before it was sent; it never will be.
        case dropped
    }

    /// `notice:<kind>:<key>`, the outbox batch.
    public var batch: String
    public var kind: NoticeKind
    public var subject: String
    /// Who it is for (`NoticeRecipient.id`): a username, a partner id; never an address.
    public var person: String
    /// The template language it was written in.
    public var language: String
    public var fact: String
    public var state: State
    /// Why it is undeliverable or was dropped.
    public var reason: String
    public var queuedAt: Date
    public var updatedAt: Date

    public init(
        batch: String, kind: NoticeKind, subject: String, person: String, language: String, fact: String,
        state: State, reason: String = "", queuedAt: Date, updatedAt: Date
    ) {
        self.batch = batch
        self.kind = kind
        self.subject = subject
        self.person = person
        self.language = language
        self.fact = fact
        self.state = state
        self.reason = reason
        self.queuedAt = queuedAt
        self.updatedAt = updatedAt
    }
}

/// What a command did about notices: queued (one batch each), not deliverable for want of an
/// address (by person), and dropped because their decision was undone before they went out.
public struct NoticeSummary: Sendable, Equatable, Encodable {
    public var queued: [String] = []
    public var undeliverable: [String] = []
    public var dropped: [String] = []
    /// Unsent notices a newer one about the same subject replaces (an offer accepted, a stage left).
    public var superseded: [String] = []

    public init() {}

    public var isEmpty: Bool { queued.isEmpty && undeliverable.isEmpty && dropped.isEmpty && superseded.isEmpty }

    public mutating func add(_ other: NoticeSummary) {
        queued += other.queued
        undeliverable += other.undeliverable
        dropped += other.dropped
        superseded += other.superseded
    }

    /// `11 notices queued (cohort notices send sends them); undeliverable, no address: pieter.v`.
    public var text: String? {
        guard !isEmpty else { return nil }
        var parts: [String] = []
        if !queued.isEmpty {
            parts.append(
                "\(queued.count) notice\(queued.count == 1 ? "" : "s") queued (`cohort notices send` sends them)")
        }
        if !dropped.isEmpty {
            parts.append(
                dropped.count == 1
                    ? "1 unsent notice dropped: its decision was undone"
                    : "\(dropped.count) unsent notices dropped: their decisions were undone")
        }
        if !superseded.isEmpty {
            parts.append(
                superseded.count == 1
                    ? "1 unsent notice replaced by a newer one"
                    : "\(superseded.count) unsent notices replaced by newer ones")
        }
        if !undeliverable.isEmpty {
            parts.append("undeliverable, no mail address on record: \(undeliverable.joined(separator: ", "))")
        }
        return "Notices: " + parts.joined(separator: "; ")
    }
}
