import Foundation

/// The seam the outbox sends through: one message, from one sender, to one recipient, and what
/// the far end said. SMTP (`SMTPTransport`) is the first; tests and other channels plug in here.
public protocol MessageTransport: AnyObject {
    /// Hands over `message` (RFC 5322 text, CRLF line ends) and reports the outcome; never throws,
    /// since every failure is an outcome the outbox records.
    func send(_ message: String, from sender: String, to recipient: String) -> DeliveryOutcome
}
