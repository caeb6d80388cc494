import CohortCore
internal import CohortRender
import Foundation

extension AnnouncementDesk {
    /// `announce follow-up SLUG`: drafts `announcements/<today>-<slug>-follow-up.md` (or `slug`),
    /// an update that tells what changed since `original` went out: each moved date and each
    /// changed figure, written with template variables so it renders with what holds now.
    public func draftFollowUp(_ original: String, slug given: String? = nil, now: Date) throws -> AnnouncementCreated {
        let build = try AnnouncementBuild(session: session, now: now)
        guard let prepared = try build.prepare([original]).first else {
            throw AnnouncementError.unknownSlug(original, suggestion: nil)
        }
        guard let first = prepared.frozen.values.min(by: { $0.at < $1.at }) else {
            throw AnnouncementError.notYetOut(original)
        }
        let today = CivilDate(now, in: program.timeZone)
        let slug = given ?? "\(today)-\(original)-follow-up"
        let live = RecordContext.capture(
            timeline: try session.timeline(),
            sections: build.sections, uses: build.sectionsUsed(by: prepared.source, templates: prepared.templates),
            at: now)
        let body = FollowUpText.body(
            original: prepared.source, wentOut: first, then: prepared.context, now: live, program: program)
        let file = try build.create(
            kind: "update", slug: slug, today: today, title: "Update: \(prepared.source.title)", outline: body)
        return AnnouncementCreated(file: file, slug: slug)
    }
}

/// The words of a follow-up: what changed since an announcement went out.
enum FollowUpText {
    static func body(
        original: AnnouncementSource, wentOut: ChannelRecord, then: RecordContext, now: RecordContext, program: Program
    ) -> String {
        var lines = [
            "Some of what we announced in “\(original.title)” has changed since it went out:", "",
        ]
        for (key, item) in now.dates.sorted(by: { $0.key < $1.key }) {
            guard let old = then.dates[key]?.date, let new = item.date, old != new else { continue }
            lines.append(
                "- {{\(key).name}} is now planned for {{\(key).date_phrase}}; we wrote \(old.phrase).")
        }
        for change in figureChanges(then: then, now: now) { lines.append(change) }
        if lines.count == 2 {
            lines.append("- (Say what changed: the announcement's source or the templates changed since it went out.)")
        }
        if let url = original.blog.url { lines += ["", "The original post: <\(url)>"] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per number that changed in a section both contexts hold.
    static func figureChanges(then: RecordContext, now: RecordContext) -> [String] {
        var lines: [String] = []
        for (name, value) in now.sections.sorted(by: { $0.key < $1.key }) where RecordContext.hasFigures(value) {
            for (path, old, _) in numbers(then.sections[name], value, path: name) {
                lines.append("- \(words[path] ?? path): {{\(path)}} now; we wrote \(old).")
            }
        }
        return lines
    }

    static let words = [
        "feedback.items": "Comments and session notes received",
        "feedback.pending": "Input still being decided",
        "cohort.enrolled": "Pilot participants enrolled",
        "partners.ready": "Partners ready for the data",
    ]

    static func numbers(_ old: TemplateValue?, _ new: TemplateValue, path: String) -> [(String, Int, Int)] {
        switch (old, new) {
        case (.number(let a)?, .number(let b)) where a != b: return [(path, a, b)]
        case (.object(let a)?, .object(let b)):
            return b.keys.sorted().flatMap { key in numbers(a[key], b[key]!, path: "\(path).\(key)") }
        default: return []
        }
    }
}
