import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished process printed and how it exited.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// stdout's lines, without the final empty one (none for empty output).
    public var stdoutLines: [String] { Self.lines(stdout) }
    /// stderr's lines, without the final empty one (none for empty output).
    public var stderrLines: [String] { Self.lines(stderr) }

    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") || text.isEmpty { lines.removeLast() }
        return lines
    }
}

/// Reads a descriptor to its end, retrying reads a signal interrupted (Foundation's FileHandle
/// traps on EINTR, which SIGCHLD from a killed child can cause).
func readToEnd(_ descriptor: Int32) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            data.append(contentsOf: buffer[0..<count])
        } else if count == 0 || errno != EINTR {
            return data
        }
    }
}

/// Runs programs for tests: the built `cohort` binary and independent checkers in Python.
public enum Processes {
    /// Runs `executable` with `arguments` in `folder`, feeding `input` on stdin. The environment is
    /// the test's own, minus colour and with a fixed zone (`TZ`) that differs from UTC, so a test
    /// that leaned on the machine's zone would fail.
    public static func run(
        _ executable: URL, _ arguments: [String], in folder: URL? = nil, input: String? = nil,
        environment overrides: [String: String] = [:]
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "Pacific/Chatham"
        environment["NO_COLOR"] = "1"
        environment.merge(overrides) { $1 }
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        // Read both pipes while the process runs so neither can fill up and block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = readToEnd(stdout.fileHandleForReading.fileDescriptor)
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = readToEnd(stderr.fileHandleForReading.fileDescriptor)
            group.leave()
        }
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The `cohort` binary built next to the test bundle (or `COHORT_BINARY`).
    public static let cohortBinary: URL = {
        if let path = ProcessInfo.processInfo.environment["COHORT_BINARY"] { return URL(fileURLWithPath: path) }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var folder = bundle
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("cohort")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/cohort")
    }()

    /// Runs `cohort` with `arguments` in `folder`.
    public static func cohort(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        try run(cohortBinary, arguments, in: folder, environment: environment)
    }

    /// Runs a Python 3 script (`python3 -c`), with `arguments` as `sys.argv[1:]` and `input` on stdin:
    /// the independent parsers (json, PyYAML, icalendar, email) that check our output formats.
    /// `COHORT_PYTHON` names the interpreter `Scripts/test` prepared; otherwise `python3` on the PATH.
    public static func python(_ script: String, _ arguments: [String] = [], input: String? = nil) throws
        -> ProcessResult
    {
        let interpreter = ProcessInfo.processInfo.environment["COHORT_PYTHON"] ?? "python3"
        return try run(URL(fileURLWithPath: "/usr/bin/env"), [interpreter, "-c", script] + arguments, input: input)
    }
}
