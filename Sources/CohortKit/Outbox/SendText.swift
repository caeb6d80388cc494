import CohortCore
internal import CohortRender
import Foundation

/// A send run for people: one line, or the dry run's table.
public enum SendText {
    public static func render(_ report: SendReport) -> String {
        guard let planned = report.dryRun else { return summary(report) }
        var table = TextTable(headers: ["RECIPIENT", "MESSAGE-ID", "STATE"])
        for message in planned { table.append([message.recipient, message.messageID, message.state]) }
        return table.render() + "\nDry run: nothing was sent."
    }

    /// The deliveries of an announcement, or how to start them.
    public static func log(_ items: [OutboxItem], slug: String) -> String {
        guard !items.isEmpty else { return "Nothing has been queued for \(slug); run `cohort announce send \(slug)`." }
        var table = TextTable(
            headers: ["RECIPIENT", "STATE", "ATTEMPTS", "LAST REPLY"], alignments: [.left, .left, .right, .left])
        for item in items {
            table.append([item.recipient, item.state.rawValue, String(item.attempts), item.lastReply ?? ""])
        }
        return table.render()
    }

    /// Every batch of the outbox with its counts per state.
    public static func batches(_ batches: [OutboxBatch]) -> String {
        guard !batches.isEmpty else { return "The outbox is empty." }
        let states = OutboxState.allCases
        var table = TextTable(
            headers: ["BATCH"] + states.map { $0.rawValue.uppercased() },
            alignments: [.left] + states.map { _ in .right })
        for batch in batches { table.append([batch.batch] + states.map { String(batch.counts[$0, default: 0]) }) }
        return table.render()
    }

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
public struct DeliveryLine: Sendable, Encodable {
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

    enum CodingKeys: String, CodingKey { case recipient, state, attempts, messageID, lastReply, updatedAt }

    /// By hand: `last_reply` is always there, `null` before any reply; synthesis would leave it out.
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
