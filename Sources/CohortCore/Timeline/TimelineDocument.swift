/// The `--json` shape of `cohort timeline`: every item with its dates at their precision, what it
/// waits on, its slack and whether it is critical, and the critical chain.
public struct TimelineDocument: Encodable {
    struct Item: Encodable {
        var id: String
        var kind: String
        var name: String
        var date: String?
        var start: String?
        var end: String?
        var precision: String?
        var spelled: String?
        var after: [[String: String]]
        var deadline: String?
        var slackDays: Int?
        var critical: Bool
        var previousDate: String?
    }

    var items: [Item]
    var criticalChain: [String]

    public init(_ timeline: Timeline) {
        items = timeline.items.map { item in
            Item(
                id: item.id, kind: item.kind.rawValue, name: item.name, date: item.date?.description,
                start: item.date?.first.description, end: item.date?.last.description,
                precision: item.date?.precision.rawValue, spelled: item.date?.spelledOut,
                after: item.dependencies.map { ["id": $0.id, "lag": $0.lag.description] },
                deadline: item.deadline?.description, slackDays: item.slackDays, critical: item.critical,
                previousDate: item.previousDate?.description)
        }
        criticalChain = timeline.criticalChain
    }
}
