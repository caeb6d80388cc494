import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// Why a send, a publish or an opening was refused for want of approval (exit 77).
public enum ApprovalRefused: Error, LocalizedError, CategorizedError, Equatable {
    /// Fewer people other than the one acting approved the current content than the program asks.
    case tooFew(subject: String, hash: String?, needed: Int, approvers: [String], actor: String)
    /// `--override-approval` where `approvals.allow_override` is not true.
    case overrideNotAllowed

    public var errorDescription: String? {
        switch self {
        case .tooFew(let subject, let hash, let needed, let approvers, let actor):
            "\(subject) needs \(Plural.count(needed, "approval"))"
                + (hash.map { " of its current content (sha256:\($0.prefix(12)))" } ?? "")
                + " by someone other than \(actor); "
                + (approvers.isEmpty
                    ? "it has none" : "it has \(approvers.count) (\(approvers.joined(separator: ", ")))")
                + (hash == nil
                    ? "; ask a colleague to run `cohort release approve \(subject.dropFirst("wave:".count)) --by NAME`"
                    : "; ask a colleague to review it and run `cohort announce approve` (a change to the content voids earlier approvals)")
        case .overrideNotAllowed:
            "--override-approval is refused: approvals.allow_override is not true in cohort.yaml"
        }
    }

    public var kind: FailureKind { .notApproved }
}

/// `--override-approval` without a reason.
public struct OverrideApprovalNeedsReason: Error, LocalizedError, CategorizedError, Equatable {
    public var errorDescription: String? {
        "--override-approval needs --reason TEXT: the audit log keeps why the approvals were overridden"
    }

    public var kind: FailureKind { .badInput }
}

/// What `announce approve` recorded: one approval per channel, of the content's SHA-256.
public struct AnnouncementApproved: Sendable, Encodable {
    public struct Line: Sendable, Encodable {
        public var channel: String
        public var sha256: String
    }

    public var slug: String
    public var by: String
    public var approved: [Line]

    public var text: String {
        (["\(by) approved \(slug):"] + approved.map { "  \($0.channel)  sha256:\($0.sha256)" })
            .joined(separator: "\n")
    }
}

/// The use cases of announcements before and after they go out: drafted, approved, their status,
/// follow-ups. Made with the command's session: its workspace and program, its records (opened once for
/// the command) and the transports it reaches servers through.
public struct AnnouncementDesk: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension AnnouncementDesk {
    /// Records `audit.actor`'s approval of `slug`'s current content on `channel` (every channel it
    /// is told on, when nil): the SHA-256 of each output as `announce render` makes it now.
    public func approveAnnouncement(_ slug: String, channel: AnnouncementChannel?, audit: AuditContext) throws
        -> AnnouncementApproved
    {
        let build = try AnnouncementBuild(session: session, now: audit.now)
        guard let prepared = try build.prepare([slug]).first else {
            throw AnnouncementError.unknownSlug(slug, suggestion: nil)
        }
        let channels = channel.map { [$0] } ?? prepared.source.channels.sorted()
        var lines: [AnnouncementApproved.Line] = []
        for channel in channels {
            guard prepared.source.channels.contains(channel), let text = prepared.rendered.files[channel.outputName]
            else { throw AnnouncementError.notOnChannel(slug, channel: channel.rawValue) }
            lines.append(.init(channel: channel.rawValue, sha256: ContentDigest.sha256(text)))
        }
        try openStore().write { records in
            for line in lines {
                try records.append(
                    ContentApproval(
                        subject: "announcement:\(slug)/\(line.channel)", hash: line.sha256, by: audit.actor,
                        at: audit.now
                    ).entry(audit))
            }
        }
        return AnnouncementApproved(slug: slug, by: audit.actor, approved: lines)
    }

    /// Refuses (exit 77) to open `wave` unless `approvals.releases` people other than `opener`
    /// approved it (`release approve`).
    func requireReleaseApproval(_ wave: String, opener: String, events: [ReleaseEvent]) throws {
        let needed = program.approvals.releases
        guard needed > 0 else { return }
        var seen: Set<String> = [opener.lowercased()]
        let approvers = events.filter { $0.wave == wave && $0.action == .approve }.map(\.by).filter {
            seen.insert($0.lowercased()).inserted
        }
        guard approvers.count >= needed else {
            throw ApprovalRefused.tooFew(
                subject: "wave:\(wave)", hash: nil, needed: needed, approvers: approvers, actor: opener)
        }
    }

    /// Every content approval recorded, oldest first.
    func contentApprovals() throws -> [ContentApproval] {
        guard records.exists else { return [] }
        return ContentApproval.recorded(in: try openStore().read { try $0.auditEntries(limit: nil) })
    }

    /// Refuses (exit 77) unless `approvals.announcements` people other than `audit.actor` approved
    /// exactly `text` on `slug`'s `channel`; an allowed `--override-approval` is audited instead.
    func requireApproval(
        _ slug: String, channel: AnnouncementChannel, text: String, override: ApprovalOverride, audit: AuditContext
    ) throws {
        let needed = program.approvals.announcements
        guard needed > 0 else { return }
        let subject = ContentApproval.subject(slug: slug, channel: channel)
        let hash = ContentDigest.sha256(text)
        let approvers = ContentApproval.approvers(
            of: subject, hash: hash, in: try contentApprovals(), excluding: audit.actor)
        guard approvers.count < needed else { return }
        guard override.requested else {
            throw ApprovalRefused.tooFew(
                subject: subject, hash: hash, needed: needed, approvers: approvers, actor: audit.actor)
        }
        guard program.approvals.allowOverride else { throw ApprovalRefused.overrideNotAllowed }
        guard let reason = override.reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OverrideApprovalNeedsReason()
        }
        try openStore().write { records in
            try records.append(
                audit.entry(
                    action: "override-approval", subject: subject, reason: reason,
                    details: "{\"sha256\":\"\(hash)\",\"approvers\":\(approvers.count),\"needed\":\(needed)}"))
        }
    }
}

/// `--override-approval --reason`: going out without the approvals the program asks for, where
/// `approvals.allow_override` allows it.
public struct ApprovalOverride: Sendable, Equatable {
    public var requested: Bool
    public var reason: String?

    public init(requested: Bool = false, reason: String? = nil) {
        self.requested = requested
        self.reason = reason
    }
}
