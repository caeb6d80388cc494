import CohortCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text files Cohort reads (cohort.yaml, announcements, templates, CSV files): UTF-8, or a
/// located problem at the first byte that is not, so an editor can jump to it.
public enum TextFile {
    /// The text of `url`, named `name` in problems. Missing or unreadable files are `unreadable`;
    /// bytes that are not UTF-8 are a located problem (bad input).
    public static func read(_ url: URL, as name: String) throws(WorkspaceError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: name, reason: FileProblem.reason(error, at: url))
        }
        return try text(data, as: name)
    }

    /// `data` as text, named `name` in the located problem when it is not UTF-8.
    static func text(_ data: Data, as name: String) throws(WorkspaceError) -> String {
        switch decode(data) {
        case .success(let text): return text
        case .failure(let bad):
            throw .invalidConfiguration(
                ConfigurationProblems([
                    Diagnostic(SourceLocation(file: name, line: bad.line, column: bad.column), bad.message)
                ])
            )
        }
    }

    /// Where the first byte that is not UTF-8 is, and what to do.
    public struct BadByte: Error, Equatable {
        public var line: Int
        public var column: Int
        public var byte: UInt8

        public var message: String {
            "byte 0x\(String(byte, radix: 16, uppercase: true)) is not UTF-8 text; save the file as UTF-8"
        }
    }

    /// `data` as UTF-8 text (a byte-order mark is kept for the reader to drop), or where the first
    /// invalid byte is: its line, and its column counted in characters as editors count them.
    public static func decode(_ data: Data) -> Result<String, BadByte> {
        if let text = String(validating: data, as: UTF8.self) { return .success(text) }
        var line = 1
        var column = 1
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return .failure(BadByte(line: line, column: column, byte: data[data.startIndex + offset]))
            case .emptyInput:
                return .success(String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// Foundation's file errors as the reason in Cohort's own sentence ("no such file", "permission
/// denied"), never `NSCocoaErrorDomain error 260`.
public enum FileProblem {
    public static func reason(_ error: any Error, at url: URL) -> String {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if !manager.fileExists(atPath: url.path, isDirectory: &isFolder) { return "no such file" }
        if isFolder.boolValue { return "it is a folder, not a file" }
        if !manager.isReadableFile(atPath: url.path) { return "permission denied; check who owns it" }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return "it could not be read"
    }

    /// Why a file could not be written, in words.
    public static func writeReason(_ error: any Error, at url: URL) -> String {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            return "it is a folder, not a file"
        }
        // The nearest folder above that exists decides: a file in the way, or no permission.
        var folder = url.deletingLastPathComponent()
        while !manager.fileExists(atPath: folder.path, isDirectory: &isFolder), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        if !isFolder.boolValue { return "\(folder.path) is a file, not a folder" }
        if !manager.isWritableFile(atPath: folder.path) { return "permission denied in \(folder.path)" }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return "it could not be written"
    }
}
