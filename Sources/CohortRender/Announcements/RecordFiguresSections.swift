import CohortCore
import Foundation

/// The pilot cohort's fill in announcements: `{{cohort.enrolled}}` of `{{cohort.capacity}}`,
/// `{{cohort.waitlist}}`, `{{cohort.seats_left}}`. Counts only: no name ever appears.
public struct CohortContextSection: TemplateContextSection {
    public let enrolled: Int
    public let capacity: Int
    public let waitlist: Int
    public var name: String { "cohort" }

    public init(enrolled: Int, capacity: Int, waitlist: Int) {
        self.enrolled = enrolled
        self.capacity = capacity
        self.waitlist = waitlist
    }

    public func value() -> TemplateValue {
        .object([
            "enrolled": .number(enrolled), "capacity": .number(capacity), "waitlist": .number(waitlist),
            "seats_left": .number(max(0, capacity - enrolled)), "full": .flag(enrolled >= capacity),
        ])
    }
}

/// Partner onboarding in announcements: `{{partners.total}}`, `{{partners.ready}}` (ready or
/// further), `{{partners.stage.<stage id>.count}}`. Counts only: no partner or contact is named.
public struct PartnersContextSection: TemplateContextSection {
    /// Partners at each stage, in the order of the onboarding stages.
    public let stages: [(id: String, name: String, count: Int)]
    /// Partners at the `ready` stage or beyond.
    public let ready: Int
    public var name: String { "partners" }

    public init(stages: [(id: String, name: String, count: Int)], ready: Int) {
        self.stages = stages
        self.ready = ready
    }

    public func value() -> TemplateValue {
        var byID: [String: TemplateValue] = [:]
        for stage in stages { byID[stage.id] = .object(["name": .text(stage.name), "count": .number(stage.count)]) }
        return .object([
            "total": .number(stages.reduce(0) { $0 + $1.count }), "ready": .number(ready), "stage": .object(byID),
        ])
    }
}
