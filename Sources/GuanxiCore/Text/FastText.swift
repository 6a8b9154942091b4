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

extension Unicode.Scalar {
    var isSpaceLike: Bool {
        value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }

    /// A letter or digit of any script (ASCII answered without table lookups).
    var isLetterOrDigit: Bool {
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        return properties.isAlphabetic || properties.numericType != nil
    }
}
