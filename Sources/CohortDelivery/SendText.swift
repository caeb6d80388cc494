import CohortRender

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
