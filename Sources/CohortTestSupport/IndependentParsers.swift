import Foundation

/// The independent parsers the rendering tests read our output with: `mwparserfromhell` for
/// wikitext, `html5lib` for HTML and Python's `email` package for mail. Each script reads its input
/// on stdin and prints one JSON document, which the tests decode and compare.
public enum IndependentParsers {
    /// Runs `script` with `input` on stdin and decodes the JSON it prints.
    public static func run<Reading: Decodable>(_ script: String, input: String, as type: Reading.Type) throws -> Reading
    {
        let result = try Processes.python(script, input: input)
        guard result.status == 0 else { throw ParserFailure(message: "python failed: \(result.stderr)") }
        do {
            return try JSONDecoder().decode(Reading.self, from: Data(result.stdout.utf8))
        } catch {
            throw ParserFailure(
                message:
                    "python printed something that is not the expected JSON (\(error)): \(result.stdout)\n\(result.stderr)"
            )
        }
    }

    // MARK: wikitext

    /// What mwparserfromhell sees in one piece of wikitext.
    public struct Wikitext: Decodable {
        public struct Link: Decodable, Equatable {
            public init(target: String, text: String?) {
                self.target = target
                self.text = text
            }
            public var target: String
            public var text: String?
        }
        public struct Tag: Decodable, Equatable {
            public var tag: String
            /// `''`, `*`, `{|`… when written as wiki markup rather than as an HTML-like tag.
            public var markup: String?
            public var attributes: [String: String]
            /// The text inside the tag, as wikitext.
            public var contents: String?

            public var style: String? { attributes["style"] }
        }
        public struct Heading: Decodable, Equatable {
            public init(level: Int, title: String) {
                self.level = level
                self.title = title
            }
            public var level: Int
            public var title: String
        }
        public var templates: [String]
        public var arguments: [String]
        public var wikilinks: [Link]
        public var externalLinks: [Link]
        public var tags: [Tag]
        public var headings: [Heading]
        public var comments: [String]
        /// `strip_code(normalize=True, collapse=False)`: the text a reader sees, entities decoded.
        public var stripped: String
        /// The whole text with HTML entities decoded by Python's `html.unescape`.
        public var unescaped: String

        public var tagNames: Set<String> { Set(tags.map(\.tag)) }
        /// True when nothing in the text could act: no template, argument, link, tag, heading or comment.
        public var isInert: Bool {
            templates.isEmpty && arguments.isEmpty && wikilinks.isEmpty && externalLinks.isEmpty && tags.isEmpty
                && headings.isEmpty && comments.isEmpty
        }
    }

    public static let wikitextScript = """
        import html, json, sys
        import mwparserfromhell
        texts = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        def text(node):
            return None if node is None else str(node)
        out = []
        for source in texts:
            code = mwparserfromhell.parse(source)
            tags = []
            for tag in code.filter_tags():
                attributes = {str(a.name).strip().lower(): str(a.value).strip() if a.value is not None else "" for a in tag.attributes}
                tags.append({"tag": str(tag.tag).strip().lower(), "markup": tag.wiki_markup, "attributes": attributes,
                             "contents": text(tag.contents)})
            out.append({
                "templates": [str(t) for t in code.filter_templates()],
                "arguments": [str(a) for a in code.filter_arguments()],
                "wikilinks": [{"target": str(l.title), "text": text(l.text)} for l in code.filter_wikilinks()],
                "externalLinks": [{"target": str(l.url), "text": text(l.title)} for l in code.filter_external_links()],
                "tags": tags,
                "headings": [{"level": h.level, "title": h.title.strip_code(normalize=True).strip()} for h in code.filter_headings()],
                "comments": [str(c) for c in code.filter_comments()],
                "stripped": code.strip_code(normalize=True, collapse=False),
                "unescaped": html.unescape(source),
            })
        print(json.dumps(out))
        """

    /// Parses each text with mwparserfromhell.
    public static func wikitext(_ texts: [String]) throws -> [Wikitext] {
        let input = String(decoding: try JSONEncoder().encode(texts), as: UTF8.self)
        let readings = try run(wikitextScript, input: input, as: [Wikitext].self)
        guard readings.count == texts.count else { throw ParserFailure(message: "mwparserfromhell lost a text") }
        return readings
    }

    /// Parses one text with mwparserfromhell.
    public static func wikitext(_ text: String) throws -> Wikitext {
        guard let reading = try wikitext([text]).first else { throw ParserFailure(message: "no reading") }
        return reading
    }

    // MARK: HTML

    /// What html5lib sees in an HTML document or fragment.
    public struct HTML: Decodable {
        public struct Element: Decodable, Equatable {
            public init(tag: String, attributes: [String: String], text: String) {
                self.tag = tag
                self.attributes = attributes
                self.text = text
            }
            public var tag: String
            public var attributes: [String: String]
            public var text: String
        }
        /// html5lib's parse errors (error codes); empty for well-formed HTML.
        public var errors: [String]
        /// Every element in document order, with its attributes and its whole text content.
        public var elements: [Element]
        /// The text of the whole document, as a reader sees it.
        public var text: String

        public var tagNames: Set<String> { Set(elements.map(\.tag)) }
        public func elements(_ tag: String) -> [Element] { elements.filter { $0.tag == tag } }
    }

    public static let htmlScript = """
        import json, sys
        import html5lib
        text = sys.stdin.buffer.read().decode("utf-8")
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        document = text.lstrip().lower().startswith("<!doctype")
        root = parser.parse(text) if document else parser.parseFragment(text)
        elements = []
        for element in root.iter():
            if not isinstance(element.tag, str) or element is root:
                continue
            elements.append({"tag": element.tag, "attributes": dict(element.attrib), "text": "".join(element.itertext())})
        print(json.dumps({
            "errors": [error[1] for error in parser.errors],
            "elements": elements,
            "text": "".join(root.itertext()),
        }))
        """

    /// Parses `text` with html5lib: as a document when it starts with a doctype, else as a fragment.
    public static func html(_ text: String) throws -> HTML {
        try run(htmlScript, input: text, as: HTML.self)
    }

    // MARK: mail

    /// What Python's `email` package (policy `default`) reads in a message.
    public struct Mail: Decodable {
        public struct Address: Decodable, Equatable {
            public init(name: String, address: String) {
                self.name = name
                self.address = address
            }
            public var name: String
            public var address: String
        }
        public struct Part: Decodable {
            public var type: String
            public var params: [String: String]
            public var defects: [String]
            public var transferEncoding: String?
            public var filename: String?
            public var isAttachment: Bool
            /// The decoded payload of a leaf part, base64 so any bytes survive JSON.
            public var payload: String?
            /// A text part's content, decoded from its transfer encoding and charset.
            public var text: String?
            /// A leaf part's body lines as they are on the wire.
            public var wireLines: [String]?

            public var payloadData: Data? { payload.flatMap { Data(base64Encoded: $0) } }
        }
        public var defects: [String]
        public var headerDefects: [String: [String]]
        public var headerNames: [String]
        public var headers: [String: String]
        public var from: [Address]?
        public var to: [Address]?
        public var replyTo: [Address]?
        public var date: Double?
        public var parts: [Part]
        public var bareLF: Bool
        public var bareCR: Bool
        public var endsWithCRLF: Bool
        public var nonASCII: Bool
        /// The header section's lines as they are on the wire (folded lines separate).
        public var headerLines: [String]
        /// Every RFC 2047 encoded word in the header section.
        public var encodedWords: [String]

        public var allDefects: [String] { defects + parts.flatMap(\.defects) + headerDefects.values.flatMap { $0 } }
        public func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    public static let mailScript = """
        import base64, json, re, sys
        import email, email.policy
        raw = sys.stdin.buffer.read()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        header_section = raw.split(b"\\r\\n\\r\\n", 1)[0].decode("ascii", "replace")
        def addresses(name):
            value = message[name]
            if value is None:
                return None
            return [{"name": a.display_name, "address": a.addr_spec} for a in value.addresses]
        parts = []
        for part in message.walk():
            content_type = part["Content-Type"]
            entry = {
                "type": part.get_content_type(),
                "params": {k: str(v) for k, v in (content_type.params.items() if content_type is not None else [])},
                "defects": [repr(d) for d in part.defects],
                "transferEncoding": part.get("Content-Transfer-Encoding"),
                "filename": part.get_filename(),
                "isAttachment": part.is_attachment(),
                "payload": None, "text": None, "wireLines": None,
            }
            if not part.is_multipart():
                entry["payload"] = base64.b64encode(part.get_payload(decode=True)).decode("ascii")
                entry["wireLines"] = part.get_payload(decode=False).split("\\r\\n")
                if part.get_content_maintype() == "text":
                    entry["text"] = part.get_content()
            parts.append(entry)
        header_defects = {}
        for name, value in message.items():
            found = [repr(d) for d in getattr(value, "defects", ())]
            if found:
                header_defects.setdefault(name, []).extend(found)
        date = message["Date"]
        stripped = raw.replace(b"\\r\\n", b"")
        print(json.dumps({
            "defects": [repr(d) for d in message.defects],
            "headerDefects": header_defects,
            "headerNames": list(message.keys()),
            "headers": {name: str(value) for name, value in message.items()},
            "from": addresses("From"), "to": addresses("To"), "replyTo": addresses("Reply-To"),
            "date": None if date is None or date.datetime is None else date.datetime.timestamp(),
            "parts": parts,
            "bareLF": b"\\n" in stripped,
            "bareCR": b"\\r" in stripped,
            "endsWithCRLF": raw.endswith(b"\\r\\n"),
            "nonASCII": any(byte > 127 for byte in raw),
            "headerLines": header_section.split("\\r\\n"),
            "encodedWords": re.findall(r"=\\?[^?\\s]+\\?[QqBb]\\?[^?\\s]*\\?=", header_section),
        }))
        """

    /// Reads a rendered message with Python's `email` package.
    public static func mail(_ text: String) throws -> Mail {
        try run(mailScript, input: text, as: Mail.self)
    }
}

/// A parser that did not run, or printed something else than its JSON.
public struct ParserFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
