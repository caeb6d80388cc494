import CohortCore
import Foundation
import Testing

@Suite("JSON documents: one mapping convention")
struct JSONDocumentTests {
    struct Shape: Encodable {
        var nextMilestones = 1
        var messageID = "m"
        var sha256 = "h"
        var byUser = ["MeiLin": 1, "ameliaK": 2]
        var left: String?
        var startsAt = Date(timeIntervalSince1970: 1_643_990_400)
    }

    @Test func propertyNamesAreSnakeCaseDictionaryKeysStayAndInstantsAreText() throws {
        let expected =
            #"{"by_user":{"MeiLin":1,"ameliaK":2},"message_id":"m","next_milestones":1,"sha256":"h","starts_at":"2022-02-04T16:00:00Z"}"#
        #expect(try JSONDocument.compact(Shape()) == expected)
        #expect(try JSONDocument.text(Shape()).contains(#""by_user" : {"#))
    }
}
