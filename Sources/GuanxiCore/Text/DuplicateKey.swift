import Foundation

/// Normalised keys that make two spellings of the same customer compare equal, for duplicate detection.
public enum DuplicateKey {
    /// Digits only (full-width digits too); a Chinese country code is dropped so "+86 138-0013-8000" and
    /// "13800138000" match, and "+86 10 6552 1234" gets the trunk 0 back to match "(010) 6552-1234".
    /// Nil when fewer than six digits remain.
    public static func phone(_ text: String) -> String? {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        var international = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: digits.append(UInt8(scalar.value))
            case 0xFF10...0xFF19: digits.append(UInt8(scalar.value - 0xFF10 + 0x30))
            case 0x2B, 0xFF0B: if digits.isEmpty { international = true }  // "+" or "＋" before the number
            default: continue
            }
        }
        var number = digits[...]
        let zero = UInt8(ascii: "0"), one = UInt8(ascii: "1")
        func isMobile(_ rest: ArraySlice<UInt8>) -> Bool { rest.count == 11 && rest.first == one }
        if number.starts(with: [zero, zero, 0x38, 0x36]) || (international && number.starts(with: [0x38, 0x36])) {
            // An explicit country code: what follows is a mobile number or a landline without its trunk 0.
            number = number.dropFirst(number.first == zero ? 4 : 2)
            if !isMobile(number), let first = number.first, first != zero { number = [zero] + number }
        } else if number.starts(with: [0x38, 0x36]), isMobile(number.dropFirst(2)) {
            // A bare "86" also begins local numbers, so it is only a country code in front of a mobile number.
            number = number.dropFirst(2)
        }
        return number.count >= 6 ? String(decoding: number, as: UTF8.self) : nil
    }

    /// Trimmed and lower-cased; nil when empty or without "@".
    public static func email(_ text: String) -> String? {
        // Trimming by scalar avoids Foundation's character-set trimming, which dominated the cost per imported row.
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        // Nearly every cell has nothing to trim (an import trims them first): then the text itself, uncopied.
        let trimmed = first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex ? text : String(scalars[first...last])
        let email = trimmed.fastLowercased
        return email.utf8.contains(UInt8(ascii: "@")) ? email : nil
    }

    // Longest first, so "股份有限公司" is not cut to "股份有限".
    private static let chineseSuffixes: [[Unicode.Scalar]] = ["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"].map { Array($0.unicodeScalars) }
    private static let latinSuffixes: Set<String> = ["corporation", "limited", "corp", "gmbh", "llc", "inc", "ltd", "co"]

    /// Width-folded, lower-cased, without spaces and punctuation, and without trailing legal forms
    /// ("有限公司", "Co., Ltd.", "Inc"); a name that is nothing but a legal form keeps it. Nil when nothing remains.
    public static func name(_ text: String) -> String? {
        if let key = simpleNameKey(text) { return key.isEmpty ? nil : key }
        let folded = simpleFold(text) ?? Array(text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars)
        // Words first, so Latin legal forms are recognised as whole words ("Acme Co." but not "Disco").
        var words: [ArraySlice<Unicode.Scalar>] = []
        var start: Int?
        for (index, scalar) in folded.enumerated() {
            if isWordScalar(scalar) {
                if start == nil { start = index }
            } else if let wordStart = start {
                words.append(folded[wordStart..<index])
                start = nil
            }
        }
        if let start { words.append(folded[start...]) }
        while words.count > 1, let last = words.last, last.count <= 11, latinSuffixes.contains(String(String.UnicodeScalarView(last))) {
            words.removeLast()
        }
        var key = Array(words.joined())
        // Repeatedly, for stacked forms such as "集团有限公司".
        while let suffix = chineseSuffixes.first(where: { key.count > $0.count && key.suffix($0.count).elementsEqual($0) }) {
            key.removeLast(suffix.count)
        }
        return key.isEmpty ? nil : String(String.UnicodeScalarView(key))
    }

    private static let chineseSuffixBytes: [[UInt8]] = ["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"].map { Array($0.utf8) }
    private static let latinSuffixBytes: Set<[UInt8]> = Set(latinSuffixes.map { Array($0.utf8) })

    /// `name` for text that `simpleFold` covers, in UTF-8 bytes from start to end: the same key without building
    /// arrays of scalars and words, which was most of the cost of an imported row's checks. Nil for other text.
    private static func simpleNameKey(_ text: String) -> String? {
        // The fold never lengthens the text: each scalar it keeps takes no more bytes than it did.
        let capacity = max(text.utf8.count, 1)
        // Scratch space on the stack, so a key costs one allocation (its string) or none (a short key).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { key -> String? in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { wordStarts -> String? in
                var length = 0, words = 0  // bytes in `key`; where each word begins, in `wordStarts`
                var inWord = false
                for scalar in text.unicodeScalars {
                    guard let value = simpleFold(scalar) else { return nil }
                    // The word scalars among these: ASCII letters and digits, and the ideographs.
                    guard (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) || value >= 0x4E00 else {
                        inWord = false
                        continue
                    }
                    if !inWord {
                        wordStarts[words] = length
                        words += 1
                    }
                    inWord = true
                    if value < 0x80 {
                        key[length] = UInt8(value)
                        length += 1
                    } else {  // U+4E00–U+9FFF take three bytes
                        key[length] = UInt8(0xE0 | (value >> 12))
                        key[length + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                        key[length + 2] = UInt8(0x80 | (value & 0x3F))
                        length += 3
                    }
                }
                // Trailing Latin legal forms, as whole words, while another word remains. They are ASCII, so a word of
                // more than 11 bytes is not one.
                while words > 1, length - wordStarts[words - 1] <= 11,
                      latinSuffixBytes.contains(Array(key[wordStarts[words - 1]..<length])) {
                    length = wordStarts[words - 1]
                    words -= 1
                }
                // UTF-8 is self-synchronising: a byte suffix equal to a whole character sequence starts at a character.
                while let suffix = chineseSuffixBytes.first(where: { length > $0.count && key[length - $0.count..<length].elementsEqual($0) }) {
                    length -= suffix.count
                }
                return String(decoding: UnsafeBufferPointer(rebasing: key[..<length]), as: UTF8.self)
            }
        }
    }

    /// The NFKC-and-lower-case fold done by hand for text made only of ASCII, common CJK ideographs, full-width ASCII
    /// and CJK spaces and stops, which is nearly every customer name; nil for anything else, which goes through Foundation.
    private static func simpleFold(_ text: String) -> [Unicode.Scalar]? {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let value = simpleFold(scalar) else { return nil }
            out.append(Unicode.Scalar(value)!)
        }
        return out
    }

    /// One scalar of that fold; nil outside the scalars it covers.
    @inline(__always)
    private static func simpleFold(_ scalar: Unicode.Scalar) -> UInt32? {
        var value = scalar.value
        switch value {
        case 0xFF01...0xFF5E: value -= 0xFEE0  // full-width ASCII
        case 0x3000: value = 0x20  // ideographic space
        case 0...0x7F, 0x4E00...0x9FFF, 0x3001...0x3002, 0xB7: break
        default: return nil
        }
        if (0x41...0x5A).contains(value) { value += 0x20 }
        return value
    }

    /// Letters, marks and numbers, the same scalars as `CharacterSet.alphanumerics`, without its per-call cost.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
