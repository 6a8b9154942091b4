import Foundation

/// A sort key that orders names the way a Chinese reader expects from a 拼音 sort: Chinese characters by their
/// Mandarin reading, Latin letters by themselves, so 阿里 files next to Acme under A and 张伟 next to Zeta under Z.
///
/// The key is plain ASCII and compares byte by byte (SQLite's BINARY collation, PostgreSQL's "C"), so an index on it
/// serves the sort and its keyset pages. Each Chinese character becomes its syllable, `!` and its tone (1–4, 5 for
/// neutral); `!` sorts before every letter and digit, so 李 (li!3) comes before 林 (lin!2), and same-sounding
/// characters order by tone. Latin letters are folded to lower case (full-width ones too), digits kept, spaces and
/// punctuation left out; other letters follow z in code-point order. Only the first `maximumCharacters` characters
/// count; the row id breaks the remaining ties.
public enum PinyinSortKey {
    public static let maximumCharacters = 32

    /// Builds the readings table now rather than on the first key, which would otherwise wait for it; a server calls
    /// this in the background when it starts.
    public static func prepare() {
        _ = Readings.shared
    }

    public static func key(_ name: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(name.utf8.count * 2, 160))
        var taken = 0
        let readings = Readings.shared
        for scalar in name.unicodeScalars {
            guard taken < maximumCharacters else { break }
            let value = scalar.value
            switch value {
            case 0x30...0x39, 0x61...0x7A: out.append(UInt8(value))
            case 0x41...0x5A: out.append(UInt8(value + 0x20))
            case 0xFF10...0xFF19, 0xFF41...0xFF5A: out.append(UInt8(value - 0xFEE0))
            case 0xFF21...0xFF3A: out.append(UInt8(value - 0xFEE0 + 0x20))
            case Readings.first...Readings.last:
                if !readings.append(value, to: &out) { appendOther(scalar, to: &out) }
            case 0xC0...0x24F:
                // Latin letters with accents file under their base letter: É as e.
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first ?? scalar
                if base.isASCII, base.properties.isAlphabetic { out.append(UInt8(base.value | 0x20)) }
                else if scalar.properties.isAlphabetic { appendOther(scalar, to: &out) }
                else { continue }
            default:
                guard value > 0x7F, scalar.properties.isAlphabetic else { continue }
                appendOther(scalar, to: &out)
            }
            taken += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A letter of another script, or a Chinese character without a known reading: after every Latin letter,
    /// in code-point order, written as `{` and six hex digits so the key stays ASCII.
    private static func appendOther(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let lowered = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
        out.append(UInt8(ascii: "{"))
        let hex = Array("0123456789abcdef".utf8)
        for shift in stride(from: 20, through: 0, by: -4) { out.append(hex[Int((lowered.value >> UInt32(shift)) & 0xF)]) }
    }

    /// The Mandarin reading of each character of the CJK Unified Ideographs block (U+4E00–U+9FA5), taken once per
    /// process from the system's Han → Latin transliteration (about half a second) and kept as one byte array.
    final class Readings: Sendable {
        static let first: UInt32 = 0x4E00
        static let last: UInt32 = 0x9FA5
        static let shared = Readings()

        private let bytes: [UInt8]
        /// Start of each character's reading in `bytes`; a reading ends where the next one starts.
        private let offsets: [UInt32]

        private init() {
            var bytes: [UInt8] = []
            var offsets: [UInt32] = []
            bytes.reserveCapacity(150_000)
            offsets.reserveCapacity(Int(Self.last - Self.first) + 2)
            for value in Self.first...Self.last {
                offsets.append(UInt32(bytes.count))
                let character = String(Character(Unicode.Scalar(value)!))
                if let reading = Self.nameReadings[value] {
                    bytes.append(contentsOf: reading.utf8)
                } else if let latin = character.applyingTransform(.toLatin, reverse: false), let reading = Self.reading(latin) {
                    bytes.append(contentsOf: reading)
                }
            }
            offsets.append(UInt32(bytes.count))
            self.bytes = bytes
            self.offsets = offsets
        }

        /// Appends the reading of `value`; false when it has none.
        func append(_ value: UInt32, to out: inout [UInt8]) -> Bool {
            guard value >= Self.first, value <= Self.last else { return false }
            let index = Int(value - Self.first)
            let start = Int(offsets[index]), end = Int(offsets[index + 1])
            guard start < end else { return false }
            out.append(contentsOf: bytes[start..<end])
            return true
        }

        /// Characters whose reading in names and places differs from the transliteration's everyday one:
        /// 长城, 重庆, 银行, 厦门, 成都, 西藏, the surname 曾, and 地 (dì, not the particle de).
        static let nameReadings: [UInt32: String] = [
            0x957F: "chang!2", 0x91CD: "chong!2", 0x884C: "hang!2", 0x53A6: "xia!4", 0x66FE: "zeng!1", 0x90FD: "du!1",
            0x85CF: "zang!4", 0x5730: "di!4",
        ]

        /// "zhāng" → "zhang!1", "lǜ" → "lv!4", "de" → "de!5"; nil for anything that is not one pinyin syllable.
        static func reading(_ latin: String) -> [UInt8]? {
            var letters: [UInt8] = []
            var tone = 5
            for scalar in latin.unicodeScalars {
                if let (base, mark) = toneMarks[scalar] {
                    letters.append(base)
                    if mark > 0 { tone = mark }
                } else if scalar.value >= 0x61, scalar.value <= 0x7A {
                    letters.append(UInt8(scalar.value))
                } else {
                    return nil
                }
            }
            guard !letters.isEmpty else { return nil }
            return letters + [UInt8(ascii: "!"), UInt8(ascii: "0") + UInt8(tone)]
        }

        /// Vowels with tone marks → the plain letter (ü as v, as pinyin keyboards write it) and the tone.
        static let toneMarks: [Unicode.Scalar: (UInt8, Int)] = {
            var map: [Unicode.Scalar: (UInt8, Int)] = [:]
            let rows: [(Character, String)] = [
                ("a", "āáǎà"), ("e", "ēéěè"), ("i", "īíǐì"), ("o", "ōóǒò"), ("u", "ūúǔù"), ("v", "ǖǘǚǜ"), ("n", "\u{144}\u{148}\u{1F9}"),
                ("m", "\u{1E3F}"),
            ]
            for (base, marked) in rows {
                let letter = base.asciiValue!
                for (offset, scalar) in marked.unicodeScalars.enumerated() {
                    // ń ň ǹ carry tones 2–4; ḿ tone 2.
                    let tone = base == "n" || base == "m" ? offset + 2 : offset + 1
                    map[scalar] = (letter, tone)
                }
            }
            map["ü"] = (UInt8(ascii: "v"), 0)
            map["ê"] = (UInt8(ascii: "e"), 0)
            return map
        }()
    }
}
