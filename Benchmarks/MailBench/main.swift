// Sends N personalised messages, each with a small .ics attachment, through Cohort's outbox and
// libcurl SMTP transport to a relay: rendered and queued in chunks, then claimed and sent from
// the database exactly as `cohort announce send` does. Prints one JSON line of figures.
// With --dump FILE it only renders the same messages into FILE for the C reference sender
// ("SENDER RECIPIENT LENGTH" then the bytes, per message).
import CohortKit
import CohortRender
import CohortStore
import Foundation
import Logging
import Mustache

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}
let count = Int(option("--count", "10000"))!
let relay = URL(string: option("--smtp-url", "smtp://127.0.0.1:2525"))!
let folder = URL(fileURLWithPath: option("--folder", NSTemporaryDirectory() + "cohort-mail-bench-\(UUID().uuidString)"))
let dump = arguments.contains("--dump") ? option("--dump", "") : nil

let template = try MustacheTemplate(
    string: """
        Dear {{name}},

        You are registered for the office hour "{{session}}" on {{date}} at {{time}} UTC
        ({{local}} in {{zone}}). The calendar invitation is attached.

        Your registration number is {{number}}.

        -- The Equity Landscape team
        """)
let start = Date(timeIntervalSince1970: 1_643_990_400)  // 2022-02-04T16:00:00Z
let from = MailAddress(name: "Equity Landscape team", address: "equity-landscape@example.org")

/// Message `index`, as Cohort renders it.
func message(_ index: Int) throws -> OutboxItem {
    let name = "Participant \(index)"
    let address = "participant\(index)@example.net"
    let text = template.render([
        "name": name, "session": "Pilot office hour", "date": "4 February 2022", "time": "16:00",
        "local": "\(8 + index % 12):00", "zone": "Pacific/Auckland", "number": String(index),
    ])
    let ics = """
        BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cohort//bench//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n\
        UID:bench-\(index)@example.org\r\nDTSTAMP:20220201T120000Z\r\nDTSTART:20220204T160000Z\r\n\
        DTEND:20220204T170000Z\r\nSUMMARY:Pilot office hour\r\nATTENDEE;CN=\(name):mailto:\(address)\r\n\
        ORGANIZER:mailto:equity-landscape@example.org\r\nSEQUENCE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
        """
    let message = MailMessage(
        from: from, to: [MailAddress(name: name, address: address)], subject: "Your office hour, \(name)",
        date: start,
        messageID: MailMessage.stableID(
            kind: "bench", key: "office-hour", recipient: address, domain: "example.org"),
        body: .multipart(
            subtype: "mixed",
            [
                .text(subtype: "plain", text),
                .attachment(
                    contentType: "text/calendar; charset=UTF-8; method=REQUEST", filename: "invite.ics",
                    Data(ics.utf8)),
            ]))
    let payload = try message.rendered()
    return OutboxItem(
        batch: "bench", recipient: address, sender: from.address, messageID: message.messageID,
        hash: StableHash.hex(payload), payload: payload, updatedAt: start)
}

if let dump {
    var data = Data()
    for index in 0..<count {
        let item = try message(index)
        data.append(Data("\(item.sender) \(item.recipient) \(item.payload.utf8.count)\n".utf8))
        data.append(Data(item.payload.utf8))
    }
    try data.write(to: URL(fileURLWithPath: dump))
    exit(0)
}

var quiet = Logger(label: "cohort.bench")
quiet.logLevel = .error
let store = try SQLiteRecordStore(url: folder.appendingPathComponent("state.sqlite"), logger: quiet)
let clock = ContinuousClock()
let began = clock.now
var queued = 0
while queued < count {
    let chunk = min(1000, count - queued)
    let items = try (queued..<(queued + chunk)).map(message)
    try store.write { records in
        for item in items { _ = try records.enqueue(item) }
    }
    queued += chunk
}
let enqueued = clock.now
let summary = try OutboxSender.drain(
    sqlite: folder.appendingPathComponent("state.sqlite"), batch: "bench", relay: relay,
    policy: SendPolicy(maxAttempts: 3, retryDelay: 0.05), start: start)
let finished = clock.now

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
let peakKB =
    status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
    .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
let total = seconds(finished - began)
print(
    """
    {"tool":"cohort","messages":\(count),"sent":\(summary.sent),"enqueue_seconds":\(String(format: "%.3f", seconds(enqueued - began))),\
    "send_seconds":\(String(format: "%.3f", seconds(finished - enqueued))),\
    "send_messages_per_second":\(String(format: "%.1f", Double(summary.sent) / seconds(finished - enqueued))),\
    "total_seconds":\(String(format: "%.3f", total)),"messages_per_second":\(String(format: "%.1f", Double(summary.sent) / total)),\
    "peak_memory_mb":\(String(format: "%.1f", Double(peakKB) / 1024))}
    """)
try? FileManager.default.removeItem(at: folder)
