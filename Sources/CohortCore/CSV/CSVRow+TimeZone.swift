extension CSVRow {
    /// What is wrong with the IANA zone in `column` (empty, or unknown with the nearest name), or nil.
    public func zoneProblem(_ column: String) -> String? {
        let zone = self[column]
        if TimeZoneNames.isKnown(zone) { return nil }
        return zone.isEmpty
            ? "missing time zone; write an IANA zone such as \"Europe/Berlin\""
            : "unknown time zone \"\(zone)\"\(TimeZoneNames.hint(zone))"
    }
}

extension CSVLocation {
    /// The same row, pointing at `column`.
    public func with(column: String) -> CSVLocation {
        var location = self
        location.column = column
        return location
    }
}
