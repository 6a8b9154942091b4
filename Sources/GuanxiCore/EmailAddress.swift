/// A pragmatic email check: one `@`, a non-empty local part, a dotted domain, no spaces.
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
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
}
