import CCurl
import CohortCore
import Foundation

/// Where and how to submit mail: the relay's URL, its protection and the credentials, if any.
public struct SMTPSettings: Sendable, Equatable {
    public var url: URL
    public var security: SMTPSecurity
    public var credentials: SMTPCredentials?
    /// Seconds to wait for the relay to connect and to answer.
    public var timeout: Int

    public init(url: URL, security: SMTPSecurity, credentials: SMTPCredentials? = nil, timeout: Int = 60) {
        self.url = url
        self.security = security
        self.credentials = credentials
        self.timeout = timeout
    }
}

/// A relay login: the one credential type every service uses (issue 22 found it written twice).
public typealias SMTPCredentials = Login

/// What the relay said to one message.
public enum DeliveryOutcome: Sendable, Equatable {
    /// 250: the relay took the message.
    case accepted(reply: String)
    /// A 4xx reply or a connection that failed before the message was handed over: try again later.
    case temporary(reply: String)
    /// A 5xx reply: the relay will never take this message for this recipient.
    case permanent(reply: String)
    /// The message was handed over but no final reply came: it may or may not have been taken.
    case ambiguous(reply: String)
}

/// What an SMTP relay said to one message.
public typealias SMTPOutcome = DeliveryOutcome

extension DeliveryOutcome {
    /// The relay's reply line.
    public var reply: String {
        switch self {
        case .accepted(let reply), .temporary(let reply), .permanent(let reply), .ambiguous(let reply): reply
        }
    }

    /// True when the relay refused the login rather than the message (530 authentication
    /// required, 534 mechanism too weak, 535 credentials invalid): every message would be refused
    /// alike, and none of them is at fault.
    public var refusesLogin: Bool {
        guard case .permanent(let reply) = self else { return false }
        return ["530", "534", "535"].contains(String(reply.prefix(3)))
    }
}

/// One libcurl easy handle that submits messages over SMTP, reusing its connection from message
/// to message. Not thread-safe: use it from one thread (the sender's), never the cooperative pool.
public final class SMTPTransport: MessageTransport {
    private let handle: UnsafeMutableRawPointer
    private let settings: SMTPSettings

    /// Prepares a handle for `settings` (nothing is connected until the first message).
    public init(settings: SMTPSettings) throws(DeliveryError) {
        _ = CurlRuntime.features
        if settings.credentials != nil, settings.security == .none, !Self.isLoopback(settings.url) {
            throw .insecureCredentials(host: settings.url.host ?? "")
        }
        guard let handle = curl_easy_init() else { throw .transport("libcurl could not create a handle") }
        self.handle = handle
        self.settings = settings
    }

    deinit { curl_easy_cleanup(handle) }

    static func isLoopback(_ url: URL) -> Bool { url.host.map(NetworkAddress.isLoopback(host:)) ?? false }

    /// Per-transfer state the C callbacks reach through their user-data pointer.
    final class Transfer {
        let payload: [UInt8]
        var offset = 0
        var serverLines: [String] = []
        var sawDataGoAhead = false

        init(payload: [UInt8]) { self.payload = payload }
    }

    /// Submits one message (RFC 5322 text with CRLF line ends) from `sender` to one `recipient`.
    public func send(_ message: String, from sender: String, to recipient: String) -> DeliveryOutcome {
        let transfer = Transfer(payload: Array(message.utf8))
        let box = Unmanaged.passRetained(transfer)
        defer { box.release() }
        var recipients: UnsafeMutablePointer<curl_slist>?
        recipients = curl_slist_append(recipients, "<\(recipient)>")
        defer { curl_slist_free_all(recipients) }

        cohort_curl_easy_setopt_string(handle, CURLOPT_URL, settings.url.absoluteString)
        cohort_curl_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(sender)>")
        cohort_curl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        cohort_curl_easy_setopt_long(handle, CURLOPT_UPLOAD, 1)
        cohort_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, settings.timeout)
        cohort_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT, settings.timeout * 5)
        cohort_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        let tls: curl_usessl
        switch settings.security {
        case .required: tls = CURLUSESSL_ALL
        case .opportunistic: tls = CURLUSESSL_TRY
        case .none: tls = CURLUSESSL_NONE
        }
        cohort_curl_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(tls.rawValue))
        if let credentials = settings.credentials {
            cohort_curl_easy_setopt_string(handle, CURLOPT_USERNAME, credentials.user)
            cohort_curl_easy_setopt_string(handle, CURLOPT_PASSWORD, credentials.password)
        }
        cohort_curl_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, user in
            guard let buffer, let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            let room = size * count
            let left = transfer.payload.count - transfer.offset
            let chunk = min(room, left)
            transfer.payload.withUnsafeBufferPointer { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(
                    from: bytes.baseAddress! + transfer.offset, byteCount: chunk)
            }
            transfer.offset += chunk
            return chunk
        }
        cohort_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, box.toOpaque())
        // The relay's replies, line by line: for SMTP libcurl hands every response line to the
        // header callback, and only those (what is sent, AUTH among it, never reaches it).
        cohort_curl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, user in
            guard let data, let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
            if end > 0 {
                if end >= 3, bytes[0] == 0x33, bytes[1] == 0x35, bytes[2] == 0x34 { transfer.sawDataGoAhead = true }
                transfer.serverLines.append(String(decoding: bytes[..<end], as: UTF8.self))
            }
            return size * count
        }
        cohort_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, box.toOpaque())

        let result = curl_easy_perform(handle)
        var code = 0
        cohort_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        // The reply that decided: the last line with the final code (after a refusal libcurl
        // also says QUIT, and "221 Bye" is not the reason).
        let reply =
            (code > 0 ? transfer.serverLines.last { $0.hasPrefix(String(code)) } : nil) ?? transfer.serverLines.last
            ?? ""
        if result == CURLE_OK { return .accepted(reply: reply.isEmpty ? "250" : reply) }
        let reason = String(cString: curl_easy_strerror(result))
        switch code {
        case 500..<600: return .permanent(reply: reply.isEmpty ? "\(code) \(reason)" : reply)
        case 400..<500: return .temporary(reply: reply.isEmpty ? "\(code) \(reason)" : reply)
        default:
            if result == CURLE_LOGIN_DENIED { return .permanent(reply: reply.isEmpty ? "535 \(reason)" : reply) }
            let handedOver = transfer.sawDataGoAhead && transfer.offset == transfer.payload.count
            let detail = reply.isEmpty ? reason : "\(reply) (\(reason))"
            return handedOver ? .ambiguous(reply: detail) : .temporary(reply: detail)
        }
    }
}

/// Why mail could not be sent at all.
public enum DeliveryError: Error, LocalizedError, CategorizedError, Equatable {
    case transport(String)
    case insecureCredentials(host: String)
    case credentialsFileTooOpen(path: String, mode: Int)
    case credentialsFileUnreadable(path: String)
    case credentialsIncomplete(String, partner: String)
    case relayUnreachable(String)

    public var errorDescription: String? {
        switch self {
        case .transport(let reason): "mail transport: \(reason)"
        case .insecureCredentials(let host):
            "refusing to send a password to \(host) without TLS; set channels.mail.smtp.use_tls to required"
        case .credentialsFileTooOpen(let path, let mode):
            "\(path) is readable by others (mode \(String(mode, radix: 8))); run chmod 600 \(path), since it holds a password"
        case .credentialsFileUnreadable(let path): "cannot read the credentials file \(path)"
        case .credentialsIncomplete(let what, let partner):
            "\(what) is set but not \(partner); set both, or neither and use the credentials file"
        case .relayUnreachable(let reason): "the relay did not answer: \(reason); try again later"
        }
    }

    public var kind: FailureKind {
        switch self {
        case .transport, .relayUnreachable: .temporary
        case .insecureCredentials, .credentialsFileTooOpen, .credentialsFileUnreadable, .credentialsIncomplete:
            .badInput
        }
    }
}
