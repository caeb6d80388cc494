extension String {
    /// Left-padded with zeros to `width` characters (`"7"` → `"07"` for 2), or as it is when it is
    /// that long already: for digits written by hand where String(format:) would cost more than the
    /// rest of the text (dates, hashes, escapes).
    public func zeroPadded(to width: Int) -> String {
        let length = count
        return length >= width ? self : String(repeating: "0", count: width - length) + self
    }
}
