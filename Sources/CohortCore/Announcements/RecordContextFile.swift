import Foundation

/// `announcements/<slug>/context.json` as text: pretty JSON with sorted keys, so a refresh shows
/// as a readable diff in review; read back with every problem located at its line and column.
public enum RecordContextFile {
    /// The file name of a record context in its announcement's folder.
    public static let name = "context.json"

    /// The file's path for `slug`.
    public static func path(_ slug: String) -> String { "announcements/\(slug)/\(name)" }

    /// The committed text of `context` for `slug`.
    public static func text(_ context: RecordContext, slug: String) -> String {
        text(encoded: encoded(context), slug: slug)
    }

    /// The committed text of a context that `encoded` holds, for `slug`.
    public static func text(encoded: String, slug: String) -> String {
        let about =
            "What announcements/\(slug).md draws from the records, without personal data; `cohort announce render --refresh \(slug)` takes it anew."
        // A string alone encodes as a quoted JSON string; that cannot fail.
        let quoted = (try? encoder.encode(about)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        // Sorted keys put "about" first: its line goes right after the opening brace.
        return "{\n  \"about\" : " + quoted + ",\n" + encoded.dropFirst(2)
    }

    /// `context` as committed text but for its first field (`about`, the sentence naming the
    /// announcement): the same for every announcement captured alike, so encoded once for them.
    public static func encoded(_ context: RecordContext) -> String {
        let wire = Wire(
            about: nil, version: RecordContext.version, capturedAt: Instant.format(context.capturedAt),
            dates: context.dates.mapValues { item in
                WireDates(
                    date: item.date?.description,
                    history: item.history.isEmpty
                        ? nil
                        : item.history.map {
                            WireChange(
                                date: $0.date.description, changedAt: $0.changedAt.map(Instant.format),
                                reason: $0.reason.isEmpty ? nil : $0.reason)
                        })
            }, sections: context.sections)
        // Encoding plain strings, numbers and dictionaries cannot fail.
        let data = (try? encoder.encode(wire)) ?? Data("{\n}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Reads `text` (the file `file`); a syntax error, an unknown version, a missing field or a
    /// date that is not one is located.
    public static func decode(_ text: String, file: String) -> Result<RecordContext, ConfigurationProblems> {
        let data = Data(text.utf8)
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            let message = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            let offset = message.firstMatch(of: /character (\d+)/).flatMap { Int($0.1) } ?? 0
            return .failure(
                problem(
                    at: location(ofOffset: offset, in: text, file: file),
                    "not valid JSON (\(message.trimmingCharacters(in: CharacterSet(charactersIn: ".")))); restore it from version control or refresh it with `cohort announce render --refresh`"
                ))
        }
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: data)
        } catch let error as DecodingError {
            return .failure(problem(error, in: text, file: file))
        } catch {
            return .failure(problem(at: SourceLocation(file: file, line: 1, column: 1), "\(error)"))
        }
        guard wire.version == RecordContext.version else {
            return .failure(
                problem(
                    at: locate(["version"], in: text, file: file),
                    "version \(wire.version) is not one this cohort reads (\(RecordContext.version))"))
        }
        guard let captured = Instant.parse(wire.capturedAt) else {
            return .failure(
                problem(
                    at: locate(["captured_at"], in: text, file: file),
                    "captured_at \"\(wire.capturedAt)\" is not an ISO 8601 instant"))
        }
        var dates: [String: ItemDates] = [:]
        var problems: [Diagnostic] = []
        for (key, item) in wire.dates.sorted(by: { $0.key < $1.key }) {
            func date(_ value: String?, _ path: [String]) -> PlannedDate? {
                guard let value else { return nil }
                guard case .success(let date) = PlannedDate.parse(value) else {
                    problems.append(
                        Diagnostic(locate(path, in: text, file: file), "\"\(value)\" is not a date like 2022-H2"))
                    return nil
                }
                return date
            }
            let history = (item.history ?? []).compactMap { change -> DateChange? in
                guard let old = date(change.date, ["dates", key, "history", "date"]) else { return nil }
                return DateChange(
                    date: old, changedAt: change.changedAt.flatMap(Instant.parse), reason: change.reason ?? "")
            }
            dates[key] = ItemDates(date: date(item.date, ["dates", key, "date"]), history: history)
        }
        guard problems.isEmpty else { return .failure(ConfigurationProblems(problems)) }
        return .success(RecordContext(capturedAt: captured, sections: wire.sections, dates: dates))
    }

    struct Wire: Codable {
        var about: String?
        var version: Int
        var capturedAt: String
        var dates: [String: WireDates]
        var sections: [String: TemplateValue]

        enum CodingKeys: String, CodingKey {
            case about, version, dates, sections
            case capturedAt = "captured_at"
        }
    }

    struct WireDates: Codable {
        var date: String?
        var history: [WireChange]?
    }

    struct WireChange: Codable {
        var date: String
        var changedAt: String?
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case date, reason
            case changedAt = "changed_at"
        }
    }

    static func problem(at location: SourceLocation, _ message: String) -> ConfigurationProblems {
        ConfigurationProblems([Diagnostic(location, message)])
    }

    static func problem(_ error: DecodingError, in text: String, file: String) -> ConfigurationProblems {
        switch error {
        case .keyNotFound(let key, let context):
            let path = context.codingPath.map(\.stringValue)
            return problem(
                at: locate(path, in: text, file: file), "missing \"\(key.stringValue)\"" + inPath(path))
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue)
            return problem(
                at: locate(path, in: text, file: file),
                "\(path.last.map { "\"\($0)\"" } ?? "the file") has the wrong kind of value" + inPath(path.dropLast()))
        @unknown default:
            return problem(at: SourceLocation(file: file, line: 1, column: 1), "\(error)")
        }
    }

    static func inPath<C: Collection>(_ path: C) -> String where C.Element == String {
        path.isEmpty ? "" : " in \(path.filter { Int($0) == nil }.joined(separator: "."))"
    }

    /// Where the last key of `path` is written: each key searched after the one before it.
    static func locate(_ path: [String], in text: String, file: String) -> SourceLocation {
        var start = text.startIndex
        var found: String.Index?
        for key in path where Int(key) == nil {
            guard let range = text.range(of: "\"\(key)\"", range: start..<text.endIndex) else { break }
            found = range.lowerBound
            start = range.upperBound
        }
        guard let found else { return SourceLocation(file: file, line: 1, column: 1) }
        return location(ofOffset: text.unicodeScalars.distance(from: text.startIndex, to: found), in: text, file: file)
    }

    /// The line and column of the `offset`th character (Unicode scalar) of `text`.
    public static func location(ofOffset offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index >= offset { break }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
