/// A pragmatic email check: one `@`, a non-empty local part, a dotted domain, no spaces.
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        if let valid = isValidASCII(text) { return valid }
        let scalars = text.unicodeScalars
        guard text.utf8.count <= 254, !scalars.contains(where: { $0.isSpaceLike }) else { return false }
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-" && label.allSatisfy { $0.isLetterOrDigit || $0 == "-" }
        }
    }

    /// The same check on the bytes of an ASCII address (nearly all of them); nil for any other text.
    private static func isValidASCII(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at <= 64 else { return false }
            var labelLength = 0, labels = 1
            var previous: UInt8 = 0
            for byte in bytes[(at + 1)...] {
                switch byte {
                case UInt8(ascii: "."):
                    guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                    labels += 1
                    labelLength = 0
                case UInt8(ascii: "-"):
                    guard labelLength > 0 else { return false }
                    labelLength += 1
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    labelLength += 1
                default:
                    return false  // a second "@", a space or any other character
                }
                previous = byte
            }
            guard labels >= 2, labelLength > 0, previous != UInt8(ascii: "-") else { return false }
            // The local part: anything but white space (and no second "@", checked above).
            return !bytes[..<at].contains { $0 == 0x20 || (0x09...0x0D).contains($0) }
        } ?? nil
    }
}
