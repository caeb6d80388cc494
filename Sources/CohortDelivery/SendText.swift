import CohortCore
import Foundation

/// `announce send` for people: one line, always.
public enum SendText {
    public static func summary(_ report: SendReport) -> String {
        let summary = report.summary
        if let testTo = report.testTo {
            return summary.sent == 1 ? "Sent a test copy to \(testTo)." : "The test copy to \(testTo) was not accepted."
        }
        var parts = ["sent \(summary.sent)"]
        if summary.skippedAlreadySent > 0 { parts.append("\(summary.skippedAlreadySent) already sent before") }
        if summary.failedTemporary > 0 { parts.append("\(summary.failedTemporary) waiting to retry") }
        if summary.failedPermanent > 0 { parts.append("\(summary.failedPermanent) refused for good") }
        if summary.unknown > 0 {
            parts.append("\(summary.unknown) unknown (see `cohort announce log`; --resend-unknown sends them again)")
        }
        return parts.joined(separator: ", ")
    }
}

/// One row of `announce log --json`: `{"recipient","message_id","state","attempts","last_reply"}`.
public struct DeliveryLine: Encodable {
    public var recipient: String
    public var messageID: String
    public var state: String
    public var attempts: Int
    public var lastReply: String?
    public var updatedAt: String

    public init(_ item: OutboxItem) {
        recipient = item.recipient
        messageID = item.messageID
        state = item.state.rawValue
        attempts = item.attempts
        lastReply = item.lastReply
        updatedAt = Instant.format(item.updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case recipient, state, attempts
        case messageID = "message_id"
        case lastReply = "last_reply"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(lastReply, forKey: .lastReply)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
