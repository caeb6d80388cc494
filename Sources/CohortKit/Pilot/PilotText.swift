import CohortCore
internal import CohortRender
import Foundation

/// The pilot for people: the selection and everyone's place, as aligned tables.
public enum PilotText {
    /// `pilot select`: the enrolled, the wait-list and the ineligible with reasons.
    public static func outcome(_ outcome: PilotOutcome, bold: (String) -> String = { $0 }) -> String {
        var lines = [
            bold("Pilot cohort")
                + " \(outcome.enrolled.count + outcome.offered.count)/\(outcome.capacity) seats taken · \(outcome.waitlist.count) wait-listed · \(outcome.ineligible.count) ineligible"
        ]
        var table = TextTable(headers: ["#", "USERNAME", "DECISION"], alignments: [.right])
        for (index, name) in outcome.enrolled.enumerated() { table.append([String(index + 1), name, "enrolled"]) }
        for name in outcome.offered { table.append(["", name, "offered a seat"]) }
        for (index, name) in outcome.waitlist.enumerated() {
            table.append([String(index + 1), name, "wait-list"])
        }
        for entry in outcome.ineligible {
            table.append([
                "", entry.username, "ineligible: " + entry.reasons.map(\.explanation).joined(separator: "; "),
            ])
        }
        if !table.rows.isEmpty { lines += ["", table.render(indent: "  ")] }
        if let notices = outcome.notices?.text { lines += ["", notices] }
        return lines.joined(separator: "\n")
    }

    /// `pilot list`: everyone's standing and place; addresses only when `showEmail`.
    /// Standings in `projected` are what time decided and nobody recorded yet: marked so.
    public static func list(
        _ places: [PilotPlace], capacity: Int, showEmail: Bool, projected: Set<String> = []
    ) -> String {
        var headers = ["PLACE", "USERNAME", "STANDING", "SIGNED UP (UTC)", "TIME ZONE", "ELIGIBILITY"]
        if showEmail { headers.append("EMAIL") }
        var table = TextTable(headers: headers, alignments: [.right])
        for line in places {
            let signup = line.signup
            var standing = signup.standing.name
            if let expires = line.offerExpires { standing += " until \(Instant.format(expires))" }
            if projected.contains(signup.username) { standing += " (projected)" }
            var row = [
                line.place.map(String.init) ?? "", signup.username, standing, Instant.format(signup.signedUpAt),
                signup.timeZone,
                line.reasons.isEmpty ? "eligible" : line.reasons.map(\.explanation).joined(separator: "; "),
            ]
            if showEmail { row.append(signup.email) }
            table.append(row)
        }
        let enrolled = places.count { $0.signup.standing == .enrolled }
        return "\(enrolled)/\(capacity) enrolled · \(Plural.count(places.count, "sign-up"))\n\n"
            + table.render(indent: "  ")
    }

    /// One line per decision: `offer  lena.w  a seat freed by ravi.p is offered until …`.
    public static func decisions(_ decisions: [PilotDecision]) -> String {
        var table = TextTable(headers: ["DECISION", "USERNAME", "WHY"])
        for decision in decisions { table.append([decision.action, decision.username, decision.reason]) }
        return table.render()
    }
}
