import CohortCore
internal import CohortRender
import Foundation

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
    /// parts, a stale or personal context, and a committed mail.eml that is not what `announce
    /// render` makes of the source now. (Whether the blog post it links is published is asked of
    /// the blog: `publishedBlogLink`.)
    func mailFindings(_ prepared: Prepared) throws -> [Diagnostic] {
        let source = prepared.source
        var findings = linter(prepared).problems(
            [prepared.rendered], sources: [source], channels: [.mail])
        findings += contextProblems(prepared, timeline: try timeline(asOf: source))
        let path = "announcements/\(source.slug)/\(AnnouncementChannel.mail.outputName)"
        // A committed rendering is what staff reviewed: it must be the source as it is now. (None
        // committed yet: the mail as queued becomes the committed output.)
        if let eml = prepared.rendered.mailEML, let committed = try? workspace.readText(path), committed != eml {
            findings.append(
                Diagnostic(
                    SourceLocation(file: path),
                    "out of date with its source; run `cohort announce render \(source.slug)`, review it and commit it")
            )
        }
        return findings
    }
}
