import Foundation

extension String {
    /// Without surrounding white space (and line breaks), as Foundation trims `.whitespacesAndNewlines`.
    public var trimmed: String { trimming(asciiBlank: Self.isBlankOrBreak, .whitespacesAndNewlines) }

    /// Without surrounding spaces and tabs (line breaks kept), as Foundation trims `.whitespaces`.
    public var trimmedSpaces: String { trimming(asciiBlank: Self.isSpaceOrTab, .whitespaces) }

    private static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    private static func isBlankOrBreak(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// The ASCII blanks at either end dropped on the bytes; Foundation asked only when what is left
    /// begins or ends beyond ASCII, where other white space (a no-break space, …) may be. Most
    /// values have none, and are returned as they are.
    private func trimming(asciiBlank: (UInt8) -> Bool, _ set: CharacterSet) -> String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if plain(first) && plain(last) { return self }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, asciiBlank(bytes[start]) { start = bytes.index(after: start) }
        while end > start, asciiBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        guard start < end else { return "" }
        let rest = String(self[start..<end])
        guard bytes[start] < 0x80, bytes[bytes.index(before: end)] < 0x80 else {
            return rest.trimmingCharacters(in: set)
        }
        return rest
    }
}
