import Foundation

/// JSON as every command prints it: pretty, keys sorted, slashes as they are.
///
/// One mapping convention: a property named in camelCase is the snake_case key
/// (`nextMilestones` → `next_milestones`, `messageID` → `message_id`), so a type spells a key out
/// only where it is not its property's name in snake_case. Dictionary keys are data (usernames,
/// theme ids, category names) and stay as they are. An instant is its ISO 8601 text in UTC
/// (`Instant.format`, `2022-02-04T16:00:00Z`), never a number of seconds. In the core, beside the
/// types it encodes: their keys are this convention's, and their tests encode as the commands print.
public enum JSONDocument {
    public static func text<T: Encodable>(_ value: T) throws -> String {
        String(
            decoding: try encoder([.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]).encode(value), as: UTF8.self)
    }

    /// One line, keys sorted: for JSON kept inside records (an audit entry's details, so far only
    /// maps and lists of strings, which the key strategy leaves as they are).
    public static func compact<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder([.sortedKeys, .withoutEscapingSlashes]).encode(value), as: UTF8.self)
    }

    private static func encoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Instant.format(date))
        }
        return encoder
    }
}
