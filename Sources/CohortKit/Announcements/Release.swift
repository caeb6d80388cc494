import CohortCore
import Foundation

/// One step of `announce release`: what it did, or why it stops there.
public struct ReleaseStep: Sendable, Encodable {
    public var step: String
    /// `done`, `unchanged`, `waiting` or `skipped`.
    public var outcome: String
    public var detail: String
}

/// What `announce release` did, step by step, and whether the sequence is complete.
public struct ReleaseRun: Sendable, Encodable {
    public var slug: String
    public var steps: [ReleaseStep]
    public var complete: Bool

    public var text: String {
        (steps.map { "\($0.step): \($0.outcome) — \($0.detail)" }
            + [complete ? "\(slug) is out on every channel." : "\(slug) is not out yet on every channel."])
            .joined(separator: "\n")
    }
}

extension Publishing {
    /// The plan's sequence, resumable at any step: update the Meta page, post on the Diff blog
    /// (a draft an editor publishes), then, once the post is live, the social post and the
    /// follow-up mail that link it. Each step is recorded by the step itself; a step already done is not done again.
    /// Stops at the first step that cannot go on, saying which command moves it on.
    public func releaseAnnouncement(
        _ slug: String, send: SendOptions, wait: String?, audit: AuditContext, environment: [String: String],
        sleep: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
        progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> ReleaseRun {
        var patience: TimeInterval = 0
        if let wait {
            guard let minutes = Minutes.parse(wait) else { throw WorkshopError.badDuration(wait) }
            patience = TimeInterval(minutes * 60)
        }
        let source = try AnnouncementBuild(session: session, sections: [], now: audit.now).source(slug)
        var run = ReleaseRun(slug: slug, steps: [], complete: false)
        for channel in [AnnouncementChannel.meta, .blog] where source.channels.contains(channel) {
            let report = try publish(
                slug, on: channel, options: PublishOptions(), audit: audit, environment: environment)
            run.steps.append(Self.step(channel, report))
        }
        // The social post and the mail link the Diff post: they wait until it is live.
        guard source.channels.contains(.social) || source.channels.contains(.mail) else {
            run.complete = true
            return run
        }
        if source.channels.contains(.blog) {
            var post = try blogPost(source, audit: audit, environment: environment)
            var waited: TimeInterval = 0
            while post?.details.status != "publish", waited < patience {
                sleep(min(30, patience - waited))
                waited += 30
                post = try blogPost(source, audit: audit, environment: environment)
            }
            guard post?.details.status == "publish" else {
                run.steps.append(
                    ReleaseStep(
                        step: "blog", outcome: "waiting",
                        detail:
                            "post \(post?.details.postID.map(String.init) ?? "?") is \(post?.details.status ?? "not there") on the blog; an editor publishes it, then run `cohort announce release \(slug)` again (or add --wait 1h)"
                    ))
                return run
            }
        }
        if source.channels.contains(.social) {
            let report = try publish(
                slug, on: .social, options: PublishOptions(), audit: audit, environment: environment)
            run.steps.append(Self.step(.social, report))
        }
        guard source.channels.contains(.mail) else {
            run.complete = true
            return run
        }
        let sent = try sendMail(
            slug, options: send, audit: audit, environment: environment, progress: progress)
        run.steps.append(
            ReleaseStep(
                step: "mail",
                outcome: sent.summary.sent == 0 && sent.summary.skippedAlreadySent > 0 ? "unchanged" : "done",
                detail: SendText.summary(sent)))
        run.complete = sent.failure == nil
        return run
    }

    static func step(_ channel: AnnouncementChannel, _ report: PublishReport) -> ReleaseStep {
        ReleaseStep(
            step: channel.rawValue, outcome: report.result == .unchanged ? "unchanged" : "done",
            detail: report.text.split(separator: "\n").first.map(String.init) ?? "")
    }
}
