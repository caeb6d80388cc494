import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP listener on one address of this machine that keeps every byte it receives and answers
/// by a script: the fakes of the hostile-server tests (an HTTP server with endless waits, huge
/// bodies or text echoing credentials; a PostgreSQL server that asks for the password in clear
/// and logs what arrives). One thread accepts, one thread per connection answers.
public final class HostileServer: @unchecked Sendable {
    // @unchecked: `log`, `sent` and `accepted` are touched under `lock` only; the rest is immutable.
    public let host: String
    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var log = Data()
    private var sent = 0
    private var accepted = 0

    /// Listens on `host` (an IP literal) at a free port; `answer` runs once per connection.
    public init(host: String = "127.0.0.1", answer: @escaping @Sendable (HostileConnection) -> Void) throws {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, "0", &hints, &list) == 0, let entry = list else {
            throw HostileServerError(reason: "\(host) is not an address")
        }
        defer { freeaddrinfo(list) }
        let socket = Glibc.socket(entry.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0, bind(socket, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0, listen(socket, 16) == 0
        else {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw HostileServerError(reason: "cannot listen on \(host): \(reason)")
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        let port = withUnsafeBytes(of: &address) { bytes in
            // sin_port and sin6_port sit at the same offset, in network order.
            Int(UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
        }
        self.host = host
        self.port = port
        listener = socket
        let thread = Thread { [self] in
            while true {
                let client = accept(socket, nil, nil)
                guard client >= 0 else {
                    // Closed here, by the one thread that used it: no other socket can take its number meanwhile.
                    close(socket)
                    return
                }
                lock.withLock { accepted += 1 }
                let connection = HostileConnection(socket: client, server: self)
                Thread {
                    answer(connection)
                    connection.close()
                }.start()
            }
        }
        thread.start()
    }

    /// Stops listening (connections being answered finish on their own).
    public func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

    /// Every byte any client sent, in order of arrival.
    public var received: Data { lock.withLock { log } }
    /// The bytes this server wrote back.
    public var bytesSent: Int { lock.withLock { sent } }
    /// How many connections were accepted.
    public var connections: Int { lock.withLock { accepted } }
    /// `host:port`, bracketed for IPv6.
    public var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    fileprivate func note(received data: Data) { lock.withLock { log.append(data) } }
    fileprivate func note(sent count: Int) { lock.withLock { sent += count } }

    /// The first address of this machine that is not loopback (nil when it has none): where a
    /// fake plays "another machine" without leaving it.
    public static func otherAddress() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var cursor = list
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else {
                continue
            }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard
                getnameinfo(
                    address, socklen_t(MemoryLayout<sockaddr_in>.size), &text, socklen_t(text.count), nil, 0,
                    NI_NUMERICHOST) == 0
            else { continue }
            let name = String(cString: text)
            if !name.hasPrefix("127.") { return name }
        }
        return nil
    }

    struct HostileServerError: Error { var reason: String }
}

/// One client's connection to a `HostileServer`.
public final class HostileConnection: @unchecked Sendable {
    // @unchecked: used by the one thread that answers it.
    let socket: Int32
    let server: HostileServer
    private var pending = Data()

    init(socket: Int32, server: HostileServer) {
        self.socket = socket
        self.server = server
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Exactly `count` bytes, or nil when the client closed first.
    public func read(_ count: Int) -> Data? {
        while pending.count < count {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let got = recv(socket, &buffer, buffer.count, 0)
            guard got > 0 else { return nil }
            let data = Data(buffer[..<got])
            server.note(received: data)
            pending.append(data)
        }
        let head = pending.prefix(count)
        pending.removeFirst(count)
        return Data(head)
    }

    /// One HTTP request's head and body (by `Content-Length`), or nil when the client closed.
    public func readHTTPRequest() -> String? {
        var head = Data()
        while !head.hasSuffix("\r\n\r\n") {
            guard let byte = read(1) else { return nil }
            head.append(byte)
        }
        let text = String(decoding: head, as: UTF8.self)
        let length =
            text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        let body = length > 0 ? read(length) ?? Data() : Data()
        return text + String(decoding: body, as: UTF8.self)
    }

    /// Writes `data` whole; false when the client went away.
    @discardableResult
    public func write(_ data: Data) -> Bool {
        var offset = 0
        while offset < data.count {
            let wrote = data.withUnsafeBytes {
                send(socket, $0.baseAddress! + offset, data.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard wrote > 0 else { return false }
            offset += wrote
            server.note(sent: wrote)
        }
        return true
    }

    /// An HTTP/1.1 answer: `status`, `headers`, then `body` repeated until `length` bytes went or
    /// the client hung up (a 2 GB body costs the fake nothing). `declared: false` leaves out
    /// `Content-Length`: the body ends when the connection does, and the client cannot know its size.
    public func answerHTTP(
        status: Int, headers: [String: String] = [:], body: Data = Data(), length: Int? = nil, declared: Bool = true
    ) {
        let total = length ?? body.count
        var head = "HTTP/1.1 \(status) Fake\r\n\(declared ? "Content-Length: \(total)\r\n" : "")Connection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        guard write(Data((head + "\r\n").utf8)) else { return }
        var left = total
        while left > 0, !body.isEmpty {
            let chunk = body.prefix(left)
            guard write(chunk) else { return }
            left -= chunk.count
        }
    }

    func close() {
        shutdown(socket, Int32(SHUT_RDWR))
        Glibc.close(socket)
    }
}

extension Data {
    fileprivate func hasSuffix(_ text: String) -> Bool {
        count >= text.utf8.count && suffix(text.utf8.count).elementsEqual(text.utf8)
    }
}
