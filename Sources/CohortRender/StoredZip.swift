import Foundation

/// A ZIP archive (PKWARE APPNOTE 6.3) whose entries are STORED, not compressed: what a `.qdpx`
/// needs (one small XML file), written in a few lines instead of a new package dependency and
/// its build time. Every reader opens it; names are UTF-8 (flag bit 11), times are the DOS
/// form of the given instant in UTC, so the same records give the same bytes.
public enum StoredZip {
    /// The archive of `files` (name, contents) in order, each stamped `modified`.
    public static func archive(_ files: [(name: String, data: Data)], modified: Date) -> Data {
        let (time, date) = dosTime(modified)
        var archive = Data()
        var directory = Data()
        for file in files {
            let name = Data(file.name.utf8)
            let crc = crc32(file.data)
            let offset = UInt32(archive.count)
            // The fields a local header and its central directory entry share, from "version
            // needed" to the name's length.
            var shared = Data()
            shared.append(le16: 20)  // version needed: 2.0
            shared.append(le16: 0x0800)  // UTF-8 names
            shared.append(le16: 0)  // STORED
            shared.append(le16: time)
            shared.append(le16: date)
            shared.append(le32: crc)
            shared.append(le32: UInt32(file.data.count))
            shared.append(le32: UInt32(file.data.count))
            shared.append(le16: UInt16(name.count))
            // Local file header, then the file.
            archive.append(le32: 0x0403_4B50)
            archive.append(shared)
            archive.append(le16: 0)  // extra
            archive.append(name)
            archive.append(file.data)
            // Its central directory entry.
            directory.append(le32: 0x0201_4B50)
            directory.append(le16: 0x031E)  // made by: Unix, 3.0
            directory.append(shared)
            directory.append(le16: 0)  // extra
            directory.append(le16: 0)  // comment
            directory.append(le16: 0)  // disk
            directory.append(le16: 0)  // internal attributes
            directory.append(le32: 0o100644 << 16)  // external: a regular file, rw-r--r--
            directory.append(le32: offset)
            directory.append(name)
        }
        let directoryOffset = UInt32(archive.count)
        archive.append(directory)
        // End of central directory.
        archive.append(le32: 0x0605_4B50)
        archive.append(le16: 0)
        archive.append(le16: 0)
        archive.append(le16: UInt16(files.count))
        archive.append(le16: UInt16(files.count))
        archive.append(le32: UInt32(directory.count))
        archive.append(le32: directoryOffset)
        archive.append(le16: 0)
        return archive
    }

    /// CRC-32 (ISO 3309, the polynomial 0xEDB88320 reflected), as ZIP and zlib compute it.
    public static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// The MS-DOS time and date of `instant` in UTC (two-second precision; 1980 at the earliest).
    static func dosTime(_ instant: Date) -> (time: UInt16, date: UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let year = max((parts.year ?? 1980) - 1980, 0)
        let time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        let date = UInt16(min(year, 127) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        return (time, date)
    }
}

extension Data {
    fileprivate mutating func append(le16 value: UInt16) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)])
    }

    fileprivate mutating func append(le32 value: UInt32) {
        append(contentsOf: (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) })
    }
}
