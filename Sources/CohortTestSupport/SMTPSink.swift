import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real SMTP server on 127.0.0.1 (Python's aiosmtpd, `Tests/Support/smtp_sink.py`) that records
/// every message it accepts. Started by the test, stopped by its process id when released.
public final class SMTPSink: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; the class exists for deinit.
    /// One message the server accepted.
    public struct Received: Decodable, Sendable {
        public var messageID: String
        public var rcptTos: [String]
        public var subject: String?
        /// True when the client logged in.
        public var auth: Bool?
        /// The whole message, when the sink was started with `--keep-content`.
        public var content: String?

        enum CodingKeys: String, CodingKey {
            case messageID = "message_id"
            case rcptTos = "rcpt_tos"
            case subject, auth, content
        }
    }

    /// The sink's process, stopped by its id when the sink is released.
    let server: PythonServer
    public var port: Int { server.port }
    private let folder: TemporaryFolder

    /// `smtp://127.0.0.1:<port>`.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Starts a sink; `arguments` add faults (`--fail-percent 10`, `--reject a@b`, `--drop-every 7`,
    /// `--user u --password p`).
    public init(_ arguments: [String] = []) throws {
        folder = try TemporaryFolder(prefix: "cohort-smtp")
        server = try PythonServer("Tests/Support/smtp_sink.py", ["--out", folder.path("received.jsonl")] + arguments)
    }

    /// Every message accepted so far, in order.
    public func received() throws -> [Received] {
        guard let text = try? folder.read("received.jsonl") else { return [] }
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(Received.self, from: Data($0.utf8)) }
    }
}

/// A test server written in Python (`Tests/Support/<script>`) on 127.0.0.1 that prints its port
/// on its first line; stopped by its process id when released.
final class PythonServer: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; the class exists for deinit.
    let port: Int
    let process: Process

    enum StartError: Error { case didNotStart(String) }

    init(_ script: String, _ arguments: [String]) throws {
        let interpreter = ProcessInfo.processInfo.environment["COHORT_PYTHON"] ?? "python3"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, Repository.root.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = output.fileHandleForReading.availableLine()
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw StartError.didNotStart(line)
        }
        self.port = port
    }

    /// Stops the server by its process id: SIGTERM, then SIGKILL if it has not gone within 3 s.
    deinit {
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        for _ in 0..<30 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }
}

extension FileHandle {
    /// Reads up to the first newline (blocking).
    fileprivate func availableLine() -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = readData(ofLength: 1)
            guard let byte = chunk.first else { break }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
