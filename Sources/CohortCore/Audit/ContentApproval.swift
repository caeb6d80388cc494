import Foundation

/// An approval of exact content (an announcement channel's output, by its SHA-256) as the audit
/// log keeps it: who approved which hash of what, and when. A change to the content changes the
/// hash, so the approvals of the old content no longer count.
public struct ContentApproval: Sendable, Equatable {
    /// What was approved (`announcement:<slug>/<channel>`).
    public var subject: String
    /// The SHA-256 (hex) of the content approved.
    public var hash: String
    public var by: String
    public var at: Date

    public init(subject: String, hash: String, by: String, at: Date) {
        self.subject = subject
        self.hash = hash
        self.by = by
        self.at = at
    }

    /// The audit log's action for an approval.
    public static let action = "approve"

    /// The subject of an announcement channel's approvals.
    public static func subject(slug: String, channel: AnnouncementChannel) -> String {
        "announcement:\(slug)/\(channel.rawValue)"
    }

    struct Details: Codable { var sha256: String }

    /// The audit entry that records this approval.
    public func entry(_ audit: AuditContext) -> AuditEntry {
        let details = (try? JSONEncoder().encode(Details(sha256: hash))).map { String(decoding: $0, as: UTF8.self) }
        return AuditEntry(
            at: at, actor: by, command: audit.command, action: Self.action, subject: subject,
            reason: "approved content sha256:\(hash.prefix(12))", details: details)
    }

    /// The approvals recorded in `entries`, in the order they were made.
    public static func recorded(in entries: [AuditEntry]) -> [ContentApproval] {
        entries.compactMap { entry in
            guard entry.action == action, entry.subject.hasPrefix("announcement:"),
                let details = entry.details.flatMap({ try? JSONDecoder().decode(Details.self, from: Data($0.utf8)) })
            else { return nil }
            return ContentApproval(subject: entry.subject, hash: details.sha256, by: entry.actor, at: entry.at)
        }
    }

    /// The people other than `actor` who approved exactly `hash` of `subject`, each once.
    public static func approvers(
        of subject: String, hash: String, in approvals: [ContentApproval], excluding actor: String
    ) -> [String] {
        var seen: Set<String> = [actor.lowercased()]
        return approvals.filter { $0.subject == subject && $0.hash == hash }.map(\.by).filter {
            seen.insert($0.lowercased()).inserted
        }
    }
}
