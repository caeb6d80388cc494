/// A stable, platform-independent hash for identifiers that must not change between runs or
/// machines (Message-IDs, MIME boundaries, calendar UIDs). Not for security.
public enum StableHash {
    /// 64-bit FNV-1a of the UTF-8 bytes of `parts` joined by a unit separator, as 16 hex digits.
    public static func hex(_ parts: String...) -> String {
        hex(parts)
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `parts` joined by a unit separator, as 16 hex digits.
    public static func hex(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16).zeroPadded(to: 16)
    }
}
