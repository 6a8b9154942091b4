import Foundation

/// Normalised keys that make two spellings of the same customer compare equal, for duplicate detection.
public enum DuplicateKey {
    /// Digits only (full-width digits too), without a leading +86 / 0086 / 86 before an 11-digit mobile number.
    public static func phone(_ text: String) -> String? {
        var digits = ""
        digits.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: digits.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: digits.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            default: continue
            }
        }
        for prefix in ["0086", "86"] where digits.hasPrefix(prefix) {
            let rest = digits.dropFirst(prefix.count)
            if rest.count == 11, rest.first == "1" { digits = String(rest); break }
        }
        return digits.count >= 6 ? digits : nil
    }

    /// Trimmed and lower-cased; nil when it cannot be an address.
    public static func email(_ text: String) -> String? {
        let email = text.trimmedWhitespace.lowercased()
        return email.contains("@") ? email : nil
    }

    private static let chineseSuffixes = ["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"]
    private static let latinSuffixes = ["corporation", "limited", "corp", "gmbh", "llc", "inc", "ltd", "co"]

    /// Width-folded, lower-cased, without spaces and punctuation, and without a trailing legal form
    /// ("有限公司", "Co., Ltd.", "Inc"); nil when nothing remains.
    public static func name(_ text: String) -> String? {
        // Words first, so Latin legal forms are recognised as whole words. Full-width letters and digits
        // (Ａ, １) fold to ASCII; that is the part of compatibility normalisation names need, at a fraction of its cost.
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            var folded = scalar
            if (0xFF10...0xFF19).contains(scalar.value) || (0xFF21...0xFF3A).contains(scalar.value) || (0xFF41...0xFF5A).contains(scalar.value) {
                folded = Unicode.Scalar(scalar.value - 0xFEE0)!
                if (0x41...0x5A).contains(folded.value) { folded = Unicode.Scalar(folded.value + 0x20)! }
            }
            if folded.isLetterOrDigit {
                current.unicodeScalars.append(folded)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        while words.count > 1, let last = words.last, latinSuffixes.contains(last) { words.removeLast() }
        var key = words.joined()
        var stripped = true
        while stripped {
            stripped = false
            for suffix in chineseSuffixes where key.hasSuffix(suffix) && key.count > suffix.count {
                key.removeLast(suffix.count)
                stripped = true
            }
        }
        return key.isEmpty ? nil : key
    }
}
