import Foundation

/// The daily digest of the daily-answer promise: the talk page's questions still waiting for
/// staff, told to the program's contact (`program.contact`) at most once a day.
public enum DigestNotices {
    /// The fact a digest tells of. Nothing undoes it: it tells what the page said when it was read.
    public static let fact = "read"

    /// The day `now` falls on in the program's zone: a digest's key, `digest:<date>` its batch.
    public static func day(_ now: Date, program: Program) -> CivilDate { CivilDate(now, in: program.timeZone) }

    /// The digest of `open` for `day`, to `program.contact`.
    public static func draft(_ open: OpenQuestions, day: CivilDate, program: Program) -> NoticeDraft {
        let overdue = open.questions.filter(\.overdue)
        func entry(_ question: OpenQuestion) -> TemplateValue {
            .object([
                "id": .text(question.id), "question": .text(question.question),
                "asked_by": .text(question.askedBy ?? "someone"), "asked_at": .text(question.askedAt ?? ""),
                "last_by": .text(question.lastBy ?? "someone"), "working_days": .number(question.workingDays),
                "overdue": .flag(question.overdue), "line": .number(question.line),
            ])
        }
        let contact = program.contact
        return NoticeDraft(
            kind: .digest, subject: "talk:\(open.page)", key: day.description,
            recipient: NoticeRecipient(
                id: contact.name, name: contact.name, email: contact.email, timeZone: program.timeZoneName),
            fields: [
                "date": .text(day.description), "page": .text(open.page), "section": .text(open.section),
                "count": .number(open.questions.count), "overdue_count": .number(overdue.count),
                "has_overdue": .flag(!overdue.isEmpty), "questions": .list(open.questions.map(entry)),
                "overdue": .list(overdue.map(entry)),
            ], fact: fact)
    }

    /// A digest with made-up questions, for `cohort check`.
    public static func sample(program: Program) -> NoticeDraft {
        let question = OpenQuestion(
            id: "t-0000000", section: "Q&A", question: "A sample question?", askedBy: "Sample",
            askedAt: "2022-02-01T12:00:00Z", lastBy: "Sample", lastAt: "2022-02-01T12:00:00Z", workingDays: 2,
            overdue: true, line: 3)
        return draft(
            OpenQuestions(page: "Talk:Sample", section: "Q&A", questions: [question]),
            day: CivilDate(Date(timeIntervalSince1970: 1_643_716_800), in: program.timeZone), program: program)
    }
}
