import CohortCore
import CohortRender
import Foundation

/// Decides whether the blog post an announcement links is live: the seam publishing fills in.
/// Mail that links an unpublished post is not sent.
public protocol BlogPublication: Sendable {
    /// True when the post `source` links (`blog.url`) is published.
    func isPublished(_ source: AnnouncementSource) throws -> Bool
}

/// What the workspace says today: `blog.published: true` in the front matter, or a blog channel
/// recorded as published in the records.
public struct RecordedBlogPublication: BlogPublication {
    /// The blog channel's latest step per announcement, when one is recorded.
    public var recorded: [String: ChannelRecord]

    public init(recorded: [String: ChannelRecord] = [:]) { self.recorded = recorded }

    public func isPublished(_ source: AnnouncementSource) throws -> Bool {
        if let step = recorded[source.slug], step.state == .published {
            return step.details.status.map { $0 == "publish" } ?? true
        }
        return source.blog.published
    }
}

/// A send that lint refused: nothing was queued.
public struct SendRefused: Error, LocalizedError, CategorizedError, Equatable {
    public var slug: String
    public var findings: [Diagnostic]

    public var errorDescription: String? {
        "\(findings.count) problem\(findings.count == 1 ? "" : "s") in the mail of \(slug); nothing was queued; fix them (`cohort announce lint \(slug)`), or send with --override-lint --reason TEXT"
    }

    public var kind: FailureKind { .problemsFound }
}

/// `--override-lint` without a reason.
public struct OverrideNeedsReason: Error, LocalizedError, CategorizedError, Equatable {
    public var errorDescription: String? {
        "--override-lint needs --reason TEXT: the audit log keeps why the findings were overridden"
    }

    public var kind: FailureKind { .badInput }
}

extension AnnouncementBuild {
    /// Everything that must hold before `prepared`'s mail goes out: what lint finds in the mail's
    /// parts, a stale or personal context, a committed mail.eml that is not what would be sent,
    /// and a blog link that is missing or not published yet.
    func mailFindings(_ prepared: Prepared, blog: any BlogPublication, allowUnpublished: Bool) throws
        -> [Diagnostic]
    {
        let source = prepared.source
        var findings = AnnouncementLint(program: prepared.program).problems(
            [prepared.rendered], sources: [source], channels: [.mail])
        findings += contextProblems(prepared, timeline: try timeline(asOf: source))
        let path = "announcements/\(source.slug)/\(AnnouncementChannel.mail.outputName)"
        if let eml = prepared.rendered.mailEML {
            switch try? workspace.readText(path) {
            case nil:
                findings.append(
                    Diagnostic(
                        SourceLocation(file: path),
                        "not rendered yet; run `cohort announce render \(source.slug)`, review it and commit it"))
            case let committed? where committed != eml:
                findings.append(
                    Diagnostic(
                        SourceLocation(file: path),
                        "out of date with its source; run `cohort announce render \(source.slug)`, review it and commit it"
                    ))
            default: break
            }
        }
        if let url = source.blog.url, source.channels.contains(.blog), !allowUnpublished,
            !(try blog.isPublished(source))
        {
            findings.append(
                Diagnostic(
                    SourceLocation(file: source.file, line: 1, column: 1),
                    "the mail links the blog post \(url), which is not published yet; publish it (blog.published: true) or pass --allow-unpublished-link"
                ))
        }
        return findings
    }
}
