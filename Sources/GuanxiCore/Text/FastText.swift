/// String helpers for the import path, where Foundation's NSString-based versions cost more than the rest of a row.
extension StringProtocol {
    /// Without leading and trailing white space (Unicode white space, including the ideographic space).
    public var trimmedWhitespace: String {
        let scalars = unicodeScalars
        // Most cells have nothing to trim; copying them through a scalar view would cost more than the check.
        if let first = scalars.first, let last = scalars.last, !first.isSpaceLike, !last.isSpaceLike { return String(self) }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].isSpaceLike { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard scalars[before].isSpaceLike else { break }
            end = before
        }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}

extension String {
    /// `StringProtocol.trimmedWhitespace` for a string, which is returned as it is when there is nothing to trim: the
    /// generic version's `String(self)` rebuilt the string character by character, for every cell of an import.
    public var trimmedWhitespace: String {
        let scalars = unicodeScalars
        if let first = scalars.first, let last = scalars.last, !first.isSpaceLike, !last.isSpaceLike { return self }
        return self[...].trimmedWhitespace
    }

    /// The same as `lowercased()`, done by hand for text of ASCII, CJK ideographs and CJK punctuation (nearly every
    /// customer name, phone and e-mail), where the standard library's Unicode case mapping cost more than the rest of
    /// building a row's search text; anything else goes through `lowercased()`.
    public var fastLowercased: String {
        var hasUpper = false
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: hasUpper = true
            case 0...0x7F, 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF: continue
            default: return lowercased()
            }
        }
        guard hasUpper else { return self }
        return String(decoding: utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

extension Unicode.Scalar {
    var isSpaceLike: Bool {
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        // No white space lies above the ideographic space: CJK text is answered without a table look-up.
        return value <= 0x3000 && properties.isWhitespace
    }

    /// A letter or digit of any script (ASCII answered without table lookups).
    var isLetterOrDigit: Bool {
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        return properties.isAlphabetic || properties.numericType != nil
    }
}
