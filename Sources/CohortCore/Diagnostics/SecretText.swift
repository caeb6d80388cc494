import Foundation

/// The one redaction of text Cohort shows: every message that may carry a URL or a server's words
/// goes through here, so no password or token is echoed, even from input no URL parser accepts.
public enum SecretText {
    /// `text` with every login a URL, a form or a header may carry replaced by `****`: the password
    /// of `scheme://user:password@` (found as text, so `smtps://u:p@[::1:25` is caught too),
    /// `password=`, `token=` and their kin, and `Basic …`/`Bearer …` credentials.
    public static func redacted(_ text: String) -> String {
        var text = text
        text = text.replacing(userinfo) { match in
            let (_, scheme, user, _) = match.output
            return "\(scheme)\(user):****@"
        }
        text = text.replacing(keyValue) { match in "\(match.output.1)\(match.output.2)****" }
        text = text.replacing(authorization) { match in "\(match.output.1) ****" }
        return text
    }

    /// Server text with Cohort's own secrets masked: each secret as sent (plain, percent- or
    /// form-encoded, in base64 alone), and every `Basic`/`Bearer` credential; then `redacted`.
    public static func masked(_ text: String, secrets: [String]) -> String {
        var text = text
        for secret in secrets where secret.count >= 4 {
            let forms = [
                secret, secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret,
                secret.replacingOccurrences(of: " ", with: "+"), Data(secret.utf8).base64EncodedString(),
            ]
            for form in Set(forms) { text = text.replacingOccurrences(of: form, with: "****") }
        }
        return redacted(text)
    }

    /// The forms a login travels in: the password or token itself and HTTP Basic's base64 of
    /// `user:password`, for `masked`.
    public static func forms(user: String?, secret: String) -> [String] {
        guard let user else { return [secret] }
        return [secret, Data("\(user):\(secret)".utf8).base64EncodedString()]
    }

    /// `text` without control characters (a server's header or message cannot move the cursor
    /// or start a new line of output).
    public static func printable(_ text: String) -> String {
        String(
            text.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) || $0 == "\n" }.map(
                Character.init))
    }

    // `scheme://user:password@`: the user kept, the password masked; anything up to `@` that is no
    // path, query or space counts as the login, parsable or not. (Computed: a Regex is not Sendable.)
    static var userinfo: Regex<(Substring, Substring, Substring, Substring)> {
        /([A-Za-z][A-Za-z0-9+.\-]*:\/\/)([^\/?#@\s:]*):([^\/?#@\s]*)@/
    }
    // `password=…` in a query or form, `"token":"…"` in JSON.
    static var keyValue: Regex<(Substring, Substring, Substring, Substring)> {
        /(?i)(passw(?:or)?d|pwd|token|secret|api_?key)(=|"\s*:\s*")([^&\s"',;]+)/
    }
    static var authorization: Regex<(Substring, Substring)> { /(?i)\b(Basic|Bearer)\s+[A-Za-z0-9+\/=._~\-]{4,}/ }
}
