import Yams

/// Walks a composed YAML tree and collects every problem with its line and column, instead of
/// stopping at the first one as `Decodable` would.
struct YAMLReader {
    let file: String
    /// Lines before the YAML text in its file (front matter starts after its `---` line).
    let lineOffset: Int
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, lineOffset: Int = 0) {
        self.file = file
        self.lineOffset = lineOffset
    }

    /// A mapping's entries by key, with where each key and the mapping itself stand.
    struct Fields {
        let location: SourceLocation
        let context: String
        private(set) var values: [String: Node] = [:]
        private(set) var keyLocations: [String: SourceLocation] = [:]

        subscript(key: String) -> Node? { values[key] }

        mutating func add(_ key: String, _ value: Node, at location: SourceLocation) {
            values[key] = value
            keyLocations[key] = location
        }
    }

    func location(of node: Node?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: file, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }

    mutating func report(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }

    mutating func report(_ node: Node?, _ message: String) {
        report(location(of: node), message)
    }

    /// Reads a mapping, reporting keys that are unknown (with the nearest known key) and keys
    /// that are required but missing.
    mutating func fields(_ node: Node, _ context: String, allowed: [String], required: [String] = []) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(node, "\(context) must be a mapping of keys to values, not \(describe(node))")
            return nil
        }
        var fields = Fields(location: location(of: node), context: context)
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(keyNode, "keys in \(context) must be plain words")
                continue
            }
            guard allowed.contains(key) else {
                report(keyNode, "unknown key \"\(key)\" in \(context)\(Suggestion.didYouMean(key, in: allowed))")
                continue
            }
            fields.add(key, value, at: location(of: keyNode))
        }
        for key in required where fields[key] == nil {
            report(fields.location, "\(context) is missing \"\(key)\"")
        }
        return fields
    }

    /// Reads a sequence; an absent node is an empty sequence.
    mutating func sequence(_ node: Node?, _ context: String) -> [Node] {
        guard let node else { return [] }
        if isNull(node) {
            return []
        }
        guard case .sequence(let sequence) = node else {
            report(node, "\(context) must be a list (lines starting with \"- \"), not \(describe(node))")
            return []
        }
        return Array(sequence)
    }

    /// A non-empty text scalar that keeps the rule for text entering the records (`TextRule`):
    /// one line unless `kind` says otherwise.
    mutating func string(_ node: Node?, _ what: String, kind: TextRule.Kind = .line) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(node, "\(what) must be text, not \(describe(node))")
            return nil
        }
        let text = scalar.string.trimmed
        guard !text.isEmpty else {
            report(node, "\(what) must not be empty")
            return nil
        }
        if let problem = TextRule.problem(in: text, kind: kind) {
            report(node, "\(what) \(problem)")
            return nil
        }
        return text
    }

    /// A whole number within `range`.
    mutating func integer(_ node: Node?, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            report(node, "\(what) must be a whole number, not \(describe(node))")
            return nil
        }
        guard range.contains(value) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            report(node, "\(what) must be \(range.lowerBound)\(upper.isEmpty ? " or more" : upper), not \(value)")
            return nil
        }
        return value
    }

    /// `true`/`false` (YAML 1.2), also `yes`/`no` as people write them.
    mutating func boolean(_ node: Node?, _ what: String) -> Bool? {
        guard let node else { return nil }
        switch node.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report(node, "\(what) must be true or false, not \(describe(node))")
            return nil
        }
    }

    /// True for a plain scalar YAML reads as null (`~`, `null` or nothing at all).
    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How a node looks, for messages.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(node) { return "nothing" }
            let text = scalar.string
            return text.count > 40 ? "\"\(text.prefix(37))...\"" : "\"\(text)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
