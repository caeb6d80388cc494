import CohortCore
import Foundation

/// The report's sections about the plan and the people: where it stands, the timeline, the
/// pilot cohort and the workshops.
extension Page {
    /// Rows per chart: a longer list is drawn in parts, so no chart is taller than a printed page.
    static let rowsPerChart = 26

    /// `count` items in parts of at most `rowsPerChart`, about the same size each.
    static func parts(_ count: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let number = (count + rowsPerChart - 1) / rowsPerChart
        let size = (count + number - 1) / number
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// " (part 2 of 3)" when a chart is drawn in parts.
    static func partWords(_ index: Int, of count: Int) -> String { count > 1 ? " (part \(index + 1) of \(count))" : "" }

    mutating func standing() {
        section("standing", Page.title("standing"))
        if let phase = report.phase {
            add("<p>Current phase: <strong>\(Page.text(phase.name))</strong> (\(Page.text(phase.dates.text))).</p>")
        } else {
            paragraph("No phase is under way on \(Page.day(report.today)).")
        }
        guard !report.nextMilestones.isEmpty else { return empty("No milestones lie ahead.") }
        var table = ReportTable(caption: "Next milestones", headers: ["Milestone", "Date", "Days to go"], numeric: [2])
        for milestone in report.nextMilestones {
            table.append([
                .text(milestone.name), .text(milestone.date.text),
                .number(milestone.timing == .current ? "under way" : String(milestone.daysLeft)),
            ])
        }
        self.table(table)
    }

    mutating func timeline() {
        section("timeline", Page.title("timeline"))
        let chart = GanttChart(report.timeline.timeline, slips: report.timeline.slips, today: report.today)
        guard !chart.rows.isEmpty else { return empty("The program has no dated phases, milestones or waves yet.") }
        let parts = Page.parts(chart.rows.count)
        for (index, range) in parts.enumerated() {
            let part = chart.part(range)
            let title = "Timeline\(Page.partWords(index, of: parts.count))"
            figure(
                part.render(id: "chart-timeline-\(index + 1)", title: title),
                caption:
                    "\(title): every dated item in the order cohort.yaml declares it. Point at a bar for its dates and reasons."
            )
        }
        var table = ReportTable(
            caption: "Timeline data",
            headers: ["Item", "Kind", "Dates", "Earlier dates", "Slack (days)", "Critical chain"],
            numeric: [4])
        for item in report.timeline.timeline.items {
            let earlier = report.timeline.slips(of: item.id).map(\.from.spelledOut)
            table.append([
                .text(item.name), .text(item.kind.rawValue), .text(item.date?.spelledOut ?? "not dated yet"),
                .text(earlier.isEmpty ? (item.previousDate?.spelledOut ?? "–") : earlier.joined(separator: "; ")),
                .number(item.slackDays.map(String.init) ?? "–"), .text(item.critical ? "yes" : "no"),
            ])
        }
        self.table(table)
        guard !report.timeline.slips.isEmpty else { return paragraph("Nothing has slipped.") }
        var slips = ReportTable(
            caption: "Slips", headers: ["Item", "Was", "Now", "Reason", "Recorded"] + (staff ? ["By"] : []))
        for slip in report.timeline.slips {
            slips.append(
                [
                    .text(slip.name), .text(slip.from.spelledOut), .text(slip.to.spelledOut),
                    .text(slip.reason ?? "given in cohort.yaml, no reason recorded"),
                    .date(slip.recordedAt.map(Page.minute) ?? "–"),
                ] + (staff ? [.text(slip.by ?? "–")] : []))
        }
        self.table(slips)
    }

    mutating func pilot() {
        section("pilot", Page.title("pilot"))
        guard let pilot = report.pilot else { return empty("Nobody has signed up for the pilot yet.") }
        let seats = BarChart(
            series: [
                BarChart.Series("Enrolled", fill: ChartPalette.blue),
                BarChart.Series("Offered a freed seat", fill: ChartPalette.orange),
                BarChart.Series(
                    "Free seat", fill: "#FFFFFF",
                    attributes: "stroke=\"\(ChartPalette.muted)\" stroke-dasharray=\"3 2\""),
                BarChart.Series("Waiting", fill: ChartPalette.skyBlue),
            ],
            bars: [
                BarChart.Bar(
                    "Seats (\(pilot.capacity))",
                    values: [Double(pilot.enrolled), Double(pilot.openOffers), Double(pilot.freeSeats), 0],
                    figure: "\(pilot.enrolled + pilot.openOffers) of \(pilot.capacity) taken"),
                BarChart.Bar(
                    "Wait-list", values: [0, 0, 0, Double(pilot.waitlist)], figure: "\(pilot.waitlist) waiting"),
            ], unit: "people")
        figure(
            seats.render(
                id: "chart-seats", title: "Pilot seats and wait-list",
                description:
                    "\(pilot.enrolled) enrolled and \(pilot.openOffers) offered a seat, of \(pilot.capacity) seats; \(pilot.freeSeats) free; \(pilot.waitlist) on the wait-list."
            ), caption: "The cohort's seats, and who waits for one, first come first served.")
        var table = ReportTable(
            caption: "Pilot cohort", headers: ["Figure", "People"], numeric: [1])
        for (name, value) in [
            ("Seats", pilot.capacity), ("Enrolled", pilot.enrolled), ("Offered a freed seat", pilot.openOffers),
            ("Free seats", pilot.freeSeats), ("Wait-list", pilot.waitlist), ("Sign-ups", pilot.signups),
        ] {
            table.append([.text(name), .number(String(value))])
        }
        self.table(table)
        guard staff else { return }
        pilotPeople(pilot)
    }

    /// Staff only: the NDA states and every sign-up with its standing.
    mutating func pilotPeople(_ pilot: PilotSection) {
        add("<h3>NDA status</h3>")
        let nda = BarChart(
            series: [BarChart.Series("Sign-ups", fill: ChartPalette.purple)],
            bars: pilot.nda.map {
                BarChart.Bar($0.status.rawValue, values: [Double($0.count)], figure: String($0.count))
            },
            unit: "sign-ups")
        figure(
            nda.render(
                id: "chart-nda", title: "Sign-ups by NDA status",
                description: pilot.nda.map { "\($0.status.rawValue): \($0.count)" }.joined(separator: ", ")),
            caption: "Where each sign-up stands with the data NDA (staff only).")
        var people = ReportTable(
            caption: "Sign-ups, first come first served (staff only)",
            headers: ["Username", "Standing", "NDA", "Signed up", "Notes"])
        for person in pilot.people {
            var notes = person.ineligible.map(\.explanation)
            if let expires = person.offerExpires { notes.insert("offer open until \(Page.minute(expires))", at: 0) }
            people.append([
                .text(person.username), .text(person.standing), .text(person.nda.rawValue),
                .date(Page.minute(person.signedUpAt)), .text(notes.joined(separator: "; ")),
            ])
        }
        table(people)
    }

    mutating func workshops() {
        section("workshops", Page.title("workshops"))
        guard !report.workshops.isEmpty else { return empty("No workshop sessions have been added yet.") }
        let sessions = report.workshops
        let parts = Page.parts(sessions.count)
        let scale = Double(sessions.map { max($0.capacity, $0.registered) }.max() ?? 1)
        for (index, range) in parts.enumerated() {
            let bars = sessions[range].map { session in
                BarChart.Bar(
                    "\(Page.shortDay(session.start)): \(session.title)",
                    values: [
                        Double(session.attended), Double(session.registered - session.attended),
                        Double(max(0, session.capacity - session.registered)),
                    ],
                    figure: session.cancelled
                        ? "cancelled"
                        : "\(session.attended) came of \(session.registered) registered, \(session.capacity) seats")
            }
            let chart = BarChart(
                series: [
                    BarChart.Series("Attended", fill: ChartPalette.blue),
                    BarChart.Series("Registered, did not attend", fill: ChartPalette.skyBlue),
                    BarChart.Series(
                        "Free seat", fill: "#FFFFFF",
                        attributes: "stroke=\"\(ChartPalette.muted)\" stroke-dasharray=\"3 2\""),
                ], bars: bars, scale: scale, unit: "participants")
            let title = "Workshop attendance\(Page.partWords(index, of: parts.count))"
            figure(
                chart.render(
                    id: "chart-workshops-\(index + 1)", title: title,
                    description: sessions[range].map {
                        "\($0.title) at \(Page.minute($0.start)): \($0.attended) attended of \($0.registered) registered, \($0.capacity) seats"
                    }.joined(separator: "; ")), caption: "\(title): seats, registrations and who came, per session.")
        }
        var table = ReportTable(
            caption: "Workshop sessions",
            headers: ["Session", "Starts", "Minutes", "Seats", "Registered", "Attended", "Status"],
            numeric: [2, 3, 4, 5])
        for session in sessions {
            table.append([
                .text(session.title), .date(Page.minute(session.start)), .number(String(session.duration)),
                .number(String(session.capacity)), .number(String(session.registered)),
                .number(String(session.attended)), .text(session.status),
            ])
        }
        self.table(table)
    }
}
