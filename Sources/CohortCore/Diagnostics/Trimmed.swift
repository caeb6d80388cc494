import Foundation

extension String {
    /// Without surrounding white space (and line breaks): Foundation's trim, but a value that has
    /// none at either end, as most have, is returned as it is without asking Foundation.
    public var trimmed: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Without surrounding spaces and tabs (line breaks kept), returned as it is when it has none.
    public var trimmedSpaces: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
