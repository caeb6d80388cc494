import CohortCore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortStore

/// The lifecycle of announcement channels: appended, never rewritten, the latest is current.
@Suite struct AnnouncementRecordsTests {
    static let start = Instant.parse("2022-06-15T16:00:00Z")!

    @Test func stepsAreKeptAsHistoryAndTheLatestIsCurrent() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        let published = ChannelRecord(
            announcement: "2022-06-outcome", channel: .meta, state: .published, at: Self.start, actor: "rosa",
            hash: String(repeating: "a", count: 64),
            details: ChannelDetails(page: "Equity Landscape", revision: 123, revisionTimestamp: "2022-06-15T16:00:00Z"))
        let stored = try store.write { try $0.append(published) }
        #expect(stored.id != nil)
        var again = published
        again.at = Self.start.addingTimeInterval(3600)
        again.details.revision = 130
        again.hash = String(repeating: "b", count: 64)
        try store.write { records in
            try records.append(again)
            try records.append(
                ChannelRecord(
                    announcement: "2022-06-outcome", channel: .mail, state: .sent, at: again.at, actor: "jonas",
                    details: ChannelDetails(batch: "announce:2022-06-outcome", messages: 2)))
            try records.append(
                ChannelRecord(announcement: "other", channel: .blog, state: .ready, at: again.at, actor: "rosa"))
        }
        let history = try store.read { try $0.channelRecords(announcement: "2022-06-outcome") }
        #expect(history.map(\.state) == [.published, .published, .sent])
        #expect(history.first?.details.revision == 123, "an earlier step is never rewritten")
        let current = try store.read { try $0.currentChannels(announcement: "2022-06-outcome") }
        #expect(current[.meta]?.details.revision == 130)
        #expect(current[.mail]?.details.batch == "announce:2022-06-outcome")
        #expect(current[.mail]?.actor == "jonas")
        #expect(try store.read { try $0.channelRecords(announcement: nil) }.count == 4)
    }
}
