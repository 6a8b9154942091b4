#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts between UTF-8 and GB18030 with the C library's iconv (Foundation on Linux has no GB18030).
public enum TextTranscoder {
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// UTF-8 bytes without a byte-order mark. With no encoding given: a BOM or valid UTF-8 means UTF-8, anything else GB18030.
    public static func decode(_ bytes: [UInt8], as encoding: TextEncoding?) throws(TextDecodingError) -> (utf8: [UInt8], encoding: TextEncoding) {
        let hasBOM = bytes.starts(with: bom)
        switch encoding {
        case .utf8:
            return (try validatedUTF8(bytes, hasBOM: hasBOM), .utf8)
        case .gb18030:
            return (try fromGB18030(bytes), .gb18030)
        case nil:
            if hasBOM { return (try validatedUTF8(bytes, hasBOM: true), .utf8) }
            guard let bad = firstInvalidUTF8(bytes) else { return (bytes, .utf8) }
            // Nearly any UTF-8 Chinese also decodes as GB18030 (into nonsense), so a UTF-8 file with one stray byte
            // must not fall through to it. GB18030 text holds few byte runs that happen to be well-formed UTF-8
            // (one for every two to five that are not, in common Chinese text); UTF-8 text with a slip holds almost
            // nothing else.
            let evidence = scanUTF8(bytes, stoppingAtFirstError: false)
            if evidence.wellFormed > 2 * evidence.malformed {
                throw TextDecodingError(encoding: .utf8, line: lineNumber(bytes, at: bad))
            }
            do {
                return (try fromGB18030(bytes), .gb18030)
            } catch {
                // Neither fits: the encoding that got further is the likelier intent, so point at its error.
                let utf8Error = TextDecodingError(encoding: .utf8, line: lineNumber(bytes, at: bad))
                throw utf8Error.line > error.line ? utf8Error : error
            }
        }
    }

    /// The text's bytes in `encoding`, without a byte-order mark.
    public static func encode(_ text: String, to encoding: TextEncoding) throws(TextDecodingError) -> [UInt8] {
        switch encoding {
        case .utf8: return Array(text.utf8)
        case .gb18030: return try convert(Array(text.utf8), from: "UTF-8", to: "GB18030", reporting: .utf8)
        }
    }

    private static func validatedUTF8(_ bytes: [UInt8], hasBOM: Bool) throws(TextDecodingError) -> [UInt8] {
        let body = hasBOM ? Array(bytes[3...]) : bytes
        if let bad = firstInvalidUTF8(body) { throw TextDecodingError(encoding: .utf8, line: lineNumber(body, at: bad)) }
        return body
    }

    private static func fromGB18030(_ bytes: [UInt8]) throws(TextDecodingError) -> [UInt8] {
        var utf8: [UInt8]
        do {
            utf8 = try convert(bytes, from: "GB18030", to: "UTF-8", reporting: .gb18030)
        } catch {
            // Excel on Chinese Windows saves in code page 936, GB18030's predecessor, which writes € as the single
            // byte 0x80 that GB18030 left out; such a file is read with € in its GB18030 form.
            let euro = withCP936Euro(bytes)
            guard euro != bytes else { throw error }
            utf8 = try convert(euro, from: "GB18030", to: "UTF-8", reporting: .gb18030)
        }
        // GB18030 can carry U+FEFF too; it converts to a UTF-8 BOM that callers do not expect.
        if utf8.starts(with: bom) { utf8.removeFirst(3) }
        return utf8
    }

    /// `bytes` with each 0x80 that stands where a character starts replaced by GB18030's € (A2 E3).
    static func withCP936Euro(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                out.append(byte)
                index += 1
            } else if byte == 0x80 {
                out += [0xA2, 0xE3]
                index += 1
            } else {
                // A lead byte: four bytes when a digit follows, else two.
                let length = index + 1 < bytes.count && (0x30...0x39).contains(bytes[index + 1]) ? 4 : 2
                out += bytes[index..<min(index + length, bytes.count)]
                index += length
            }
        }
        return out
    }

    /// Offset of the first byte that breaks UTF-8 (overlong forms and surrogates included), nil when all is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        scanUTF8(bytes, stoppingAtFirstError: true).firstError
    }

    /// Walks `bytes` as UTF-8: where the first malformed byte is, and (when not stopping there) how many well-formed
    /// multi-byte characters and how many malformed ones the whole input holds.
    static func scanUTF8(_ bytes: [UInt8], stoppingAtFirstError: Bool) -> (firstError: Int?, wellFormed: Int, malformed: Int) {
        bytes.withUnsafeBufferPointer { bytes -> (firstError: Int?, wellFormed: Int, malformed: Int) in
            let count = bytes.count
            var firstError: Int?
            var wellFormed = 0, malformed = 0
            var index = 0
            while index < count {
                // Most import files are largely ASCII: skip eight bytes at a time while no high bit is set.
                while index + 8 <= count,
                      UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { break }
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    continue
                }
                var length = 0
                var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
                switch byte {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: break
                }
                var valid = length > 0 && index + length <= count && (low...high).contains(bytes[index + 1])
                if valid { for next in 2..<length where bytes[index + next] & 0xC0 != 0x80 { valid = false } }
                if valid {
                    wellFormed += 1
                    index += length
                } else {
                    if firstError == nil { firstError = index }
                    if stoppingAtFirstError { break }
                    // A broken character counts once, with the continuation bytes that belonged to it.
                    malformed += 1
                    index += 1
                    while index < count, bytes[index] & 0xC0 == 0x80 { index += 1 }
                }
            }
            return (firstError, wellFormed, malformed)
        }
    }

    /// 1-based line of `offset`, counting LF, CRLF and a lone CR as line ends like the CSV reader does.
    static func lineNumber(_ bytes: [UInt8], at offset: Int) -> Int {
        var line = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) { line += 1 }
            index += 1
        }
        return line
    }

    private static func convert(_ input: [UInt8], from source: String, to target: String,
                                reporting encoding: TextEncoding) throws(TextDecodingError) -> [UInt8] {
        guard let converter = iconv_open(target, source), converter != iconv_t(bitPattern: -1) else {
            throw TextDecodingError(encoding: encoding, line: 1)
        }
        defer { iconv_close(converter) }
        // Enough for GB18030 to UTF-8 (at most 3 bytes out per 2 in); anything longer grows on E2BIG.
        var output = [UInt8](repeating: 0, count: input.count + input.count / 2 + 64)
        var produced = 0
        var failedAt: Int?
        input.withUnsafeBufferPointer { inputBuffer in
            guard let base = inputBuffer.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                let (status, error) = output.withUnsafeMutableBytes { outputBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = (outputBuffer.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    var outLeft = outputBuffer.count - produced
                    let before = outLeft
                    let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    let error = errno
                    produced += before - outLeft
                    return (status, error)
                }
                guard status == -1 else { continue }
                if error == E2BIG {
                    output.append(contentsOf: repeatElement(0, count: max(64, output.count / 2)))
                } else {
                    // EILSEQ (a bad sequence) or EINVAL (the input ends inside a character).
                    failedAt = inputBuffer.count - inLeft
                    return
                }
            }
        }
        if let failedAt { throw TextDecodingError(encoding: encoding, line: lineNumber(input, at: failedAt)) }
        output.removeSubrange(produced...)
        return output
    }
}
