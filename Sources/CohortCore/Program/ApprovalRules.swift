/// `approvals:` in `cohort.yaml`: how many people other than the one acting must approve before
/// an announcement goes out or a wave opens. 0 (the default) asks for no approval.
public struct ApprovalRules: Sendable, Equatable {
    /// Approvers an announcement channel's exact content needs before it is sent or published.
    public var announcements = 0
    /// Approvers a wave needs before it opens.
    public var releases = 0
    /// Whether `--override-approval --reason` may stand in for the approvals (audited when used).
    public var allowOverride = false

    public init(announcements: Int = 0, releases: Int = 0, allowOverride: Bool = false) {
        self.announcements = announcements
        self.releases = releases
        self.allowOverride = allowOverride
    }
}
