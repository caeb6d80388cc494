import CohortCore
import Testing

@Suite("Suggestion")
struct SuggestionTests {
    static let pilotKeys = ["capacity", "nda_required", "offer_hours"]

    @Test(
        arguments: [
            ("capcity", "capacity"),  // a deletion
            ("capacitty", "capacity"),  // an insertion
            ("capacoty", "capacity"),  // a substitution
            ("capacity", nil),  // exactly right: nothing to suggest
            ("Capacity", "capacity"),  // only the case differs
            ("nda_requried", "nda_required"),  // a transposition costs one
            ("offer_hour", "offer_hours"),
            ("zebra", nil),  // nothing close
            ("", nil),
        ] as [(String, String?)])
    func closestFindsANearMiss(word: String, expected: String?) {
        #expect(Suggestion.closest(to: word, in: Self.pilotKeys) == expected)
    }

    @Test func closestOfNoCandidatesIsNil() {
        #expect(Suggestion.closest(to: "capacity", in: [String]()) == nil)
    }

    @Test func toleranceGrowsWithTheWordsLength() {
        // Two edits are always allowed; a 16-letter word may be four edits away.
        #expect(Suggestion.closest(to: "abcd", in: ["abxy"]) == "abxy")
        #expect(Suggestion.closest(to: "abcd", in: ["axyz"]) == nil)
        #expect(Suggestion.closest(to: "abcdefghijklmnop", in: ["abcdefghijklWXYZ"]) == "abcdefghijklWXYZ")
        #expect(Suggestion.closest(to: "abcdefghijklmnop", in: ["abcdefghijkVWXYZ"]) == nil)
    }

    @Test func didYouMeanIsReadyToAppendOrEmpty() {
        #expect(Suggestion.didYouMean("capcity", in: Self.pilotKeys) == "; did you mean \"capacity\"?")
        #expect(Suggestion.didYouMean("zebra", in: Self.pilotKeys) == "")
    }
}

@Suite("TimeZoneNames")
struct TimeZoneNamesTests {
    @Test func misspeltZoneGetsTheCanonicalName() {
        #expect(TimeZoneNames.didYouMean("Asia/Kolkatta") == "; did you mean \"Asia/Kolkata\"?")
        #expect(TimeZoneNames.didYouMean("america/los_angeles") == "; did you mean \"America/Los_Angeles\"?")
        #expect(TimeZoneNames.didYouMean("Europe/Berln") == "; did you mean \"Europe/Berlin\"?")
    }

    @Test func zoneFarFromAnyNameGetsGeneralAdvice() {
        #expect(TimeZoneNames.didYouMean("Mars/Olympus_Mons") == "")
        #expect(TimeZoneNames.hint("Mars/Olympus_Mons") == "; use an IANA name such as \"Europe/Berlin\"")
    }

    @Test(arguments: ["Asia/Kolkata", "America/Los_Angeles", "UTC", "Europe/Berlin", "Asia/Calcutta"])
    func knownZonesIncludeOldAliases(name: String) {
        #expect(TimeZoneNames.isKnown(name))
    }

    @Test(arguments: ["Asia/Kolkatta", "Mars/Olympus_Mons", "", "+05:30", "PST8PDT_nope"])
    func unknownZonesAreNotKnown(name: String) {
        #expect(!TimeZoneNames.isKnown(name))
    }

    @Test func canonicalNamesAreTheOnesSuggested() {
        #expect(TimeZoneNames.canonical.contains("Asia/Kolkata"))
        #expect(TimeZoneNames.all.isSuperset(of: TimeZoneNames.canonical))
    }
}
