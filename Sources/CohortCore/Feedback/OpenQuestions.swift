import Foundation

/// A thread of the Q&A section whose last word is not staff's: a question waiting for an answer.
public struct OpenQuestion: Sendable, Equatable, Encodable {
    /// The thread's id, as `talk reply` takes it.
    public var id: String
    public var section: String
    /// The question's first words.
    public var question: String
    public var askedBy: String?
    public var askedAt: String?
    public var lastBy: String?
    public var lastAt: String?
    /// Working days (as `channels.meta.working_days`, `.holidays` and `.answer_period` define
    /// them, in the program's zone) since the last comment.
    public var workingDays: Int
    /// More than one working day without a staff answer: the daily promise is broken.
    public var overdue: Bool
    public var line: Int

    public init(
        id: String, section: String, question: String, askedBy: String?, askedAt: String?, lastBy: String?,
        lastAt: String?, workingDays: Int, overdue: Bool, line: Int
    ) {
        self.id = id
        self.section = section
        self.question = question
        self.askedBy = askedBy
        self.askedAt = askedAt
        self.lastBy = lastBy
        self.lastAt = lastAt
        self.workingDays = workingDays
        self.overdue = overdue
        self.line = line
    }

    /// `t-1a2b3c4d (line 12): 3 working days since Ann wrote (overdue) — When does …`.
    public var text: String {
        "\(id) (line \(line)): \(workingDays) working day\(workingDays == 1 ? "" : "s") since \(lastBy ?? "someone") wrote"
            + "\(overdue ? " (overdue)" : "") — \(question)"
    }
}

/// `talk questions --json`: `{"page","section","questions":[…]}`.
public struct OpenQuestions: Sendable, Equatable, Encodable {
    public var page: String
    public var section: String
    public var questions: [OpenQuestion]

    public init(page: String, section: String, questions: [OpenQuestion]) {
        self.page = page
        self.section = section
        self.questions = questions
    }

    public var text: String {
        guard !questions.isEmpty else { return "Every question in \"\(section)\" of \(page) has a staff answer." }
        var lines = [
            "\(questions.count) question\(questions.count == 1 ? "" : "s") in \"\(section)\" of \(page) wait for staff:"
        ]
        for question in questions { lines.append("  " + question.text) }
        return lines.joined(separator: "\n")
    }
}

/// What one reading of the talk page found in its questions section: how many threads wait for
/// staff and how many of those are overdue, as of the instant the page was read. A deciding
/// command (`talk digest --send`) records it, so `status` and the report can show the counts
/// without asking the wiki (a view never waits on the network).
public struct TalkReading: Sendable, Equatable, Encodable {
    public var page: String
    /// The page's revision that was read.
    public var revision: Int
    /// When it was read (the command's clock).
    public var readAt: Date
    public var unanswered: Int
    public var overdue: Int

    public init(page: String, revision: Int, readAt: Date, unanswered: Int, overdue: Int) {
        self.page = page
        self.revision = revision
        self.readAt = readAt
        self.unanswered = unanswered
        self.overdue = overdue
    }

    /// The counts of `open` (every open question, not only the overdue ones) read at `at`.
    public init(_ open: OpenQuestions, revision: Int, at: Date) {
        self.init(
            page: open.page, revision: revision, readAt: at, unanswered: open.questions.count,
            overdue: open.questions.count(where: \.overdue))
    }

    /// `3 unanswered, 1 overdue (as of the talk page read at 2022-02-14 09:00 UTC)`.
    public var text: String {
        let at = Instant.format(readAt)
        return "\(unanswered) unanswered, \(overdue) overdue (as of the talk page read at "
            + "\(at.prefix(10)) \(at.dropFirst(11).prefix(5)) UTC)"
    }
}
