import CohortCore
import Foundation
import Testing

/// The one redaction (issue 26, finding 5): logins in URLs parsable or not, in forms and headers,
/// and a server's echo of Cohort's own secrets in every form they travel.
@Suite struct SecretTextTests {
    @Test(arguments: [
        ("smtps://u:SmtpS3cret@[::1:25", "smtps://u:****@[::1:25"),
        ("see postgres://rosa:Pg5ecret@db.example.org/x", "see postgres://rosa:****@db.example.org/x"),
        ("POST lgname=Rosa&lgpassword=Bot5ecret&lgtoken=abc", "POST lgname=Rosa&lgpassword=****&lgtoken=****"),
        (#"{"password":"J50nSecret"}"#, #"{"password":"****"}"#),
        ("Authorization: Basic cm9zYTpzZWNyZXQ=", "Authorization: Basic ****"),
        ("Authorization: Bearer abc.def-ghi", "Authorization: Bearer ****"),
        ("postgres://rosa@localhost/equity", "postgres://rosa@localhost/equity"),
        (
            "give it in .cohort/smtp-credentials (user= and password= lines)",
            "give it in .cohort/smtp-credentials (user= and password= lines)"
        ),
    ])
    func loginsAreRedactedParsableOrNot(text: String, shown: String) {
        #expect(SecretText.redacted(text) == shown)
    }

    @Test func aServersEchoOfOurSecretsIsMaskedInEveryForm() {
        let secrets = SecretText.forms(user: "rosa", secret: "wrong horse battery")
        let basic = Data("rosa:wrong horse battery".utf8).base64EncodedString()
        let echo = "you sent \(basic) and wrong horse battery and wrong+horse+battery and wrong%20horse%20battery"
        let shown = SecretText.masked(echo, secrets: secrets)
        #expect(!shown.contains("horse") && !shown.contains(basic), "\(shown)")
    }
}
