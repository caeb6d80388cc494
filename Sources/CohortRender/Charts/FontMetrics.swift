/// How wide a label is when a browser sets it in DejaVu Sans, the font the charts name first: the
/// font's own advance widths (Scripts/font-metrics reads them from the TTF files). A character
/// the tables lack is counted as 1.25 em, wider than any the browser would substitute, so a
/// measured label is never narrower than the drawn one and labels that fit never collide.
public enum FontMetrics {
    /// The fonts charts and the report ask for, in order. DejaVu Sans is what the widths are for.
    public static let fontFamily = "'DejaVu Sans', Verdana, sans-serif"

    /// The width of an unknown character, in em.
    static let unknownWidth = 1.25
    /// Kerning and hinting differ a little between browsers; every measure is this much wider.
    static let safety = 1.02

    /// The advance of `text` in CSS px at `size` px.
    public static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        let table = bold ? boldAdvances : regularAdvances
        var units = 0.0
        for scalar in text.unicodeScalars { units += advance(of: scalar.value, in: table) }
        return units / Double(unitsPerEm) * size * safety
    }

    /// The height of a line box at `size` px (ascent plus descent): what a browser reports as a
    /// text's height, and so the least distance between two baselines that keeps boxes apart.
    public static func lineHeight(size: Double) -> Double {
        Double(ascent + descent) / Double(unitsPerEm) * size
    }

    /// How far a line box reaches above its baseline, at `size` px.
    public static func ascender(size: Double) -> Double { Double(ascent) / Double(unitsPerEm) * size }

    /// `text` as it fits in `width` px: whole, or cut at a character boundary with an ellipsis.
    /// `cut` tells the caller to put the full text in a tooltip and a table.
    public static func fit(_ text: String, width: Double, size: Double, bold: Bool = false) -> (
        text: String, cut: Bool
    ) {
        let oneLine = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        if Self.width(oneLine, size: size, bold: bold) <= width { return (oneLine, false) }
        let ellipsis = "…"
        let room = width - Self.width(ellipsis, size: size, bold: bold)
        var kept = ""
        for character in oneLine {
            let next = kept + String(character)
            if Self.width(next, size: size, bold: bold) > room { break }
            kept = next
        }
        while kept.last?.isWhitespace == true { kept.removeLast() }
        return (kept.isEmpty ? (room >= 0 ? ellipsis : "") : kept + ellipsis, true)
    }

    /// `text` broken into at most `lines` lines of `width` px, at spaces and after hyphens and
    /// slashes; a line that still does not fit is cut with an ellipsis (then `cut` is true).
    public static func wrap(_ text: String, width: Double, size: Double, lines: Int) -> (lines: [String], cut: Bool) {
        // Pieces of text, each with whether a space comes before it.
        var pieces: [(text: String, spaced: Bool)] = []
        var piece = ""
        var spaced = false
        for character in text {
            if character == " " || character.isNewline {
                if !piece.isEmpty { pieces.append((piece, spaced)) }
                piece = ""
                spaced = true
                continue
            }
            piece.append(character)
            if character == "-" || character == "/" {
                pieces.append((piece, spaced))
                piece = ""
                spaced = false
            }
        }
        if !piece.isEmpty { pieces.append((piece, spaced)) }
        var result: [String] = []
        var current = ""
        for piece in pieces {
            let candidate = current.isEmpty ? piece.text : current + (piece.spaced ? " " : "") + piece.text
            if current.isEmpty || result.count >= lines - 1 || Self.width(candidate, size: size) <= width {
                current = candidate
            } else {
                result.append(current)
                current = piece.text
            }
        }
        if !current.isEmpty { result.append(current) }
        var cut = false
        let fitted = result.map { line in
            let fitted = fit(line, width: width, size: size)
            cut = cut || fitted.cut
            return fitted.text
        }
        return (fitted, cut)
    }

    static func advance(of value: UInt32, in table: [UInt16]) -> Double {
        // Zero-width joiners and variation selectors take no room.
        if value == 0x200D || (0xFE00...0xFE0F).contains(value) { return 0 }
        var offset = 0
        for range in ranges {
            if value < range.low { break }
            let count = Int(range.high - range.low) + 1
            if value <= range.high {
                let width = table[offset + Int(value - range.low)]
                return width == missing ? unknownWidth * Double(unitsPerEm) : Double(width)
            }
            offset += count
        }
        return unknownWidth * Double(unitsPerEm)
    }
}
