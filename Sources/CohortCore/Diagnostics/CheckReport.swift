import Foundation

/// What `cohort check` found in a workspace.
public struct CheckReport: Sendable, Encodable {
    /// The program, when `cohort.yaml` is valid.
    public var program: Program?
    public var problems: [Diagnostic]

    public init(program: Program?, problems: [Diagnostic]) {
        self.program = program
        self.problems = problems
    }

    public var ok: Bool { problems.isEmpty }

    enum CodingKeys: String, CodingKey {
        case ok, program, problems
    }

    enum ProblemKeys: String, CodingKey {
        case file, line, column, message
    }

    /// By hand: `ok` computed, `program` only its name and slug, a problem's line and column only when known.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ok, forKey: .ok)
        try container.encodeIfPresent(program.map { ["name": $0.name, "slug": $0.slug] }, forKey: .program)
        var list = container.nestedUnkeyedContainer(forKey: .problems)
        for problem in problems {
            var item = list.nestedContainer(keyedBy: ProblemKeys.self)
            try item.encode(problem.location.file, forKey: .file)
            if problem.location.line > 0 {
                try item.encode(problem.location.line, forKey: .line)
                try item.encode(problem.location.column, forKey: .column)
            }
            try item.encode(problem.message, forKey: .message)
        }
    }
}
