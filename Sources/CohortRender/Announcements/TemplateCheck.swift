import CohortCore

/// Checks a Mustache template against the context it will render with, before rendering, so an
/// unknown variable is a located error instead of a silent blank (swift-mustache renders a missing
/// name as nothing, as the Mustache spec says).
public struct TemplateCheck {
    /// A template's text and where it comes from.
    public struct Source: Sendable {
        public var text: String
        public var file: String
        /// Lines before the template in its file (a body after front matter).
        public var lineOffset: Int
        /// Columns before the template on its first line (a subject written inside front matter).
        public var columnOffset: Int

        public init(text: String, file: String, lineOffset: Int = 0, columnOffset: Int = 0) {
            self.text = text
            self.file = file
            self.lineOffset = lineOffset
            self.columnOffset = columnOffset
        }
    }

    /// Partials by name, checked where they are included.
    public var partials: [String: Source]
    /// Names that may be inserted unescaped (`{{{body}}}`): already rendered for the channel.
    public var unescapedAllowed: Set<String>

    public init(partials: [String: Source] = [:], unescapedAllowed: Set<String> = ["body"]) {
        self.partials = partials
        self.unescapedAllowed = unescapedAllowed
    }

    /// Every problem in `source` against `context`, in order, each once (a partial included many
    /// times is reported where it is written, once).
    public func problems(in source: Source, context: TemplateValue) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var stack: [TemplateValue?] = [context]
        var including: Set<String> = []
        check(source, stack: &stack, including: &including, into: &diagnostics)
        var seen: Set<Diagnostic> = []
        return diagnostics.filter { seen.insert($0).inserted }
    }

    private func check(
        _ source: Source, stack: inout [TemplateValue?], including: inout Set<String>,
        into diagnostics: inout [Diagnostic]
    ) {
        let base = stack.count
        var open: [(name: String, location: SourceLocation)] = []
        for tag in Self.tags(in: source.text) {
            let column = tag.line == 1 ? tag.column + source.columnOffset : tag.column
            let location = SourceLocation(file: source.file, line: tag.line + source.lineOffset, column: column)
            guard tag.closed else {
                let (opening, closing) = tag.content.hasPrefix("{") ? ("{{{", "}}}") : ("{{", "}}")
                diagnostics.append(Diagnostic(location, "\(opening) is never closed; end the tag with \(closing)"))
                continue
            }
            let body = tag.content.trimmedSpaces
            guard let sigil = body.first else {
                diagnostics.append(Diagnostic(location, "empty tag {{}}; write a variable name inside"))
                continue
            }
            let name = Self.variableName(String(body.dropFirst()).trimmedSpaces)
            switch sigil {
            case "!", "%":
                continue
            case "=":
                diagnostics.append(Diagnostic(location, "changing delimiters is not supported; keep {{ }}"))
            case "#", "^", "$", "<":
                if sigil == "#" || sigil == "^" {
                    if let value = resolve(name, in: stack, at: location, into: &diagnostics), sigil == "#" {
                        if case .list(let items) = value, items.isEmpty {
                            stack.append(nil)  // its elements' fields are unknown: check nothing inside
                        } else {
                            stack.append(Self.sectionContext(value) ?? stack.last!)
                        }
                    } else {
                        stack.append(stack.last!)
                    }
                } else {
                    stack.append(stack.last!)
                }
                open.append((name, location))
            case "/":
                guard let last = open.popLast() else {
                    diagnostics.append(Diagnostic(location, "{{/\(name)}} closes a section that was never opened"))
                    continue
                }
                if last.name != name {
                    diagnostics.append(
                        Diagnostic(
                            location,
                            "{{/\(name)}} closes {{#\(last.name)}} (line \(last.location.line)); close it as {{/\(last.name)}}"
                        ))
                }
                stack.removeLast()
            case ">":
                guard let partial = partials[name] else {
                    let known = partials.keys.sorted()
                    diagnostics.append(
                        Diagnostic(
                            location,
                            "unknown partial \"\(name)\"\(Suggestion.didYouMean(name, in: known)); partials live in templates/partials/"
                        ))
                    continue
                }
                // A partial that includes itself (directly or not) is checked once, not forever.
                if including.insert(name).inserted {
                    check(partial, stack: &stack, including: &including, into: &diagnostics)
                    including.remove(name)
                }
            case "&", "{":
                if !unescapedAllowed.contains(name) {
                    diagnostics.append(
                        Diagnostic(
                            location,
                            "{{{\(name)}}} would insert \"\(name)\" unescaped; write {{\(name)}} so it is escaped for this channel"
                        ))
                }
                _ = resolve(name, in: stack, at: location, into: &diagnostics)
            default:
                _ = resolve(Self.variableName(body), in: stack, at: location, into: &diagnostics)
            }
        }
        for section in open {
            diagnostics.append(
                Diagnostic(section.location, "section {{#\(section.name)}} is never closed; add {{/\(section.name)}}"))
        }
        stack.removeSubrange(base...)
    }

    /// The first name of every variable, section and partial tag in `texts`
    /// (`{{#feedback.themes}}` → `feedback`): which top-level context sections they may use.
    public static func roots(in texts: [String]) -> Set<String> {
        var roots: Set<String> = []
        for text in texts {
            for tag in tags(in: text) {
                var body = tag.content.trimmedSpaces
                if let first = body.first, "#^/&{$<".contains(first) { body.removeFirst() }
                let name = variableName(body.trimmedSpaces)
                if let root = name.split(separator: ".").first { roots.insert(String(root)) }
            }
        }
        return roots
    }

    /// What a section pushes: a list's elements (all their fields), an object, or nothing new.
    static func sectionContext(_ value: TemplateValue) -> TemplateValue? {
        switch value {
        case .list(let items):
            var fields: [String: TemplateValue] = [:]
            for case .object(let object) in items { fields.merge(object) { first, _ in first } }
            if items.contains(where: { if case .object = $0 { false } else { true } }) { return items.first }
            return .object(fields)
        case .object: return value
        case .text, .number, .flag: return nil
        }
    }

    /// Resolves a dotted name the way Mustache does: the first part up the context stack, the rest
    /// from there. Reports it when it does not resolve.
    private func resolve(
        _ name: String, in stack: [TemplateValue?], at location: SourceLocation, into diagnostics: inout [Diagnostic]
    ) -> TemplateValue? {
        // Inside a section over an empty list nothing can be checked (and nothing renders).
        if stack.contains(where: { $0 == nil }) { return nil }
        let stack = stack.compactMap { $0 }
        if name == "." { return stack.last }
        let parts =
            name.utf8.contains(UInt8(ascii: "."))
            ? name.split(separator: ".", omittingEmptySubsequences: false).map(String.init) : [name]
        guard let first = parts.first, !first.isEmpty else {
            diagnostics.append(Diagnostic(location, "\"\(name)\" is not a variable name"))
            return nil
        }
        guard var value = stack.reversed().lazy.compactMap({ $0[first] }).first else {
            let known = Set(stack.flatMap { Self.keys($0) })
            diagnostics.append(
                Diagnostic(location, "unknown variable \"\(name)\"\(Suggestion.didYouMean(first, in: known))"))
            return nil
        }
        for (index, part) in parts.enumerated().dropFirst() {
            guard let next = value[part] else {
                let path = parts[..<index].joined(separator: ".")
                let hint = Suggestion.didYouMean(part, in: Self.keys(value))
                diagnostics.append(
                    Diagnostic(location, "unknown variable \"\(name)\": \"\(path)\" has no \"\(part)\"\(hint)"))
                return nil
            }
            value = next
        }
        return value
    }

    static func keys(_ value: TemplateValue) -> [String] {
        if case .object(let fields) = value { return Array(fields.keys) }
        return []
    }

    /// `upper(name)` → `name`: transforms apply to a variable; check the variable.
    static func variableName(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "(")) else { return text }
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            return String(text[text.index(after: open)..<close]).trimmedSpaces
        }
        return text
    }

    /// Every `{{…}}` and `{{{…}}}` tag with its 1-based line and column (in Unicode scalars, as
    /// every diagnostic counts columns). One pass over the UTF-8 bytes: braces and LF are single
    /// bytes that never occur inside a multi-byte character, and a column is one per byte that
    /// starts a scalar. A tag never closed runs to the end of the text, and says so.
    static func tags(in text: String) -> [(content: String, line: Int, column: Int, closed: Bool)] {
        var result: [(String, Int, Int, Bool)] = []
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        let newline = UInt8(ascii: "\n")
        var text = text
        text.withUTF8 { bytes in
            let count = bytes.count
            var index = 0
            var line = 1
            var column = 1
            func advance(to target: Int) {
                while index < min(target, count) {
                    let byte = bytes[index]
                    if byte == newline {
                        line += 1
                        column = 1
                    } else if byte & 0xC0 != 0x80 {
                        column += 1
                    }
                    index += 1
                }
            }
            while index < count {
                guard bytes[index] == open, index + 1 < count, bytes[index + 1] == open else {
                    advance(to: index + 1)
                    continue
                }
                let (startLine, startColumn) = (line, column)
                let triple = index + 2 < count && bytes[index + 2] == open
                let width = triple ? 3 : 2
                let contentStart = index + width
                var end = contentStart
                func closes(at position: Int) -> Bool {
                    position + width <= count && bytes[position] == close && bytes[position + 1] == close
                        && (!triple || bytes[position + 2] == close)
                }
                while end < count, !closes(at: end) { end += 1 }
                let content = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<end]), as: UTF8.self)
                result.append(((triple ? "{" : "") + content, startLine, startColumn, end < count))
                advance(to: end + width)
            }
        }
        return result
    }
}
