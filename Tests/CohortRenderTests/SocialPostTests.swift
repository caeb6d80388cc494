import CohortRender
import Testing

/// Post length as Mastodon counts it.
@Suite struct SocialPostTests {
    @Test(arguments: [
        ("Hello", 5),
        ("Read it: https://diff.example.org/2022/06/15/a-very-long-address-indeed/", 9 + 23),
        ("Two http://a.example https://b.example/x?y=1", 4 + 23 + 1 + 23),
        ("Thanks @rosa@meta.example.org!", 13),
        ("Équité 🌍 ✨", 10),
        ("  trimmed  \n", 7),
    ])
    func length(text: String, expected: Int) {
        #expect(SocialPost.length(text) == expected)
    }
}
