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

    /// True when the command line asks for JSON, so a failure prints a JSON error document too.
    public static func wantsJSON(_ arguments: [String]) -> Bool {
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        return arguments[..<end].contains("--json")
    }
}
