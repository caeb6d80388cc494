import CohortCore
import Foundation

/// Global options may come before the subcommand, as with `git -C`: `cohort --workspace DIR
/// status` means `cohort status --workspace DIR`. The parser takes options where the command
/// declares them, so the ones written first are moved after the subcommand path.
public enum GlobalArguments {
    /// The global options: whether each takes a value.
    public static let options: [String: Bool] = [
        "--workspace": true, "--now": true, "--json": false, "--database-url": true,
    ]

    /// `arguments` (without the program name) with leading global options moved to the end (before
    /// a `--`, if any). Anything else is left where it is.
    public static func hoist(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            guard let takesValue = options[name] else { break }
            leading.append(argument)
            if takesValue, !argument.contains("="), index + 1 < arguments.count {
                leading.append(arguments[index + 1])
                index += 1
            }
            index += 1
        }
        guard !leading.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: leading, at: end)
        return rest
    }

    /// `--count -1` as `--count=-1`: the parser reads a value that starts with a dash as another
    /// option and would say "missing value"; joined, the value reaches the command, which says what
    /// is wrong with it (or, for `--delay -1w`, takes it). Only values that look like numbers are
    /// joined, and nothing after `--`.
    public static func joinNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        while index < arguments.count {
            let argument = arguments[index]
            if index + 1 < end, argument.hasPrefix("--"), !argument.contains("="), options[argument] != false,
                arguments[index + 1].wholeMatch(of: /-[0-9][0-9A-Za-z.:]*/) != nil
            {
                result.append("\(argument)=\(arguments[index + 1])")
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// True when the command line asks for JSON, so a failure prints a JSON error document too.
    public static func wantsJSON(_ arguments: [String]) -> Bool {
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        return arguments[..<end].contains("--json")
    }
}

/// Command-line values keep the rule for text that enters the records (`TextRule`): no NUL or
/// other control character, and a line break only in the flags that hold free text.
public enum ArgumentText {
    /// Flags whose values may span lines.
    public static let multiline: Set<String> = ["--reason", "--note", "--outline"]

    /// The first argument that breaks the rule, as an error naming it; nil when all are fine.
    public static func check(_ arguments: [String]) -> ArgumentTextError? {
        var previousFlag: String?
        for (offset, argument) in arguments.enumerated() {
            var flag: String?
            var value = argument
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else if argument.hasPrefix("-") {
                flag = argument
            } else {
                flag = previousFlag
            }
            let kind: TextRule.Kind = flag.map { multiline.contains($0) } == true ? .multiline : .line
            if let problem = TextRule.problem(in: value, kind: kind) {
                let name = argument.hasPrefix("-") && !argument.contains("=") ? nil : flag
                return ArgumentTextError(argument: offset + 1, flag: name, problem: problem)
            }
            previousFlag = argument.hasPrefix("--") && !argument.contains("=") ? argument : nil
        }
        return nil
    }
}

/// A command-line value that breaks the rule for text entering the records; nothing was changed.
public struct ArgumentTextError: Error, LocalizedError, CategorizedError, Equatable {
    /// Its place on the command line, 1 for the first argument after `cohort`.
    public var argument: Int
    /// The flag whose value it is, if it is one.
    public var flag: String?
    public var problem: String

    public var errorDescription: String? {
        if let flag { return "the value of \(flag) \(problem); nothing was changed" }
        return "argument \(argument) \(problem); nothing was changed"
    }

    public var kind: FailureKind { .badInput }
}
