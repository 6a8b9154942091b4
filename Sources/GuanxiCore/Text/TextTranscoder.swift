#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings import and export files may use.
public enum TextEncoding: String, CaseIterable, Codable, Sendable {
    case utf8 = "utf-8"
    case gb18030
}

/// The file is not valid in `encoding`; `line` is where the first bad byte is.
public struct TextDecodingError: Error, Equatable, Sendable {
    public let encoding: TextEncoding
    public let line: Int

    public init(encoding: TextEncoding, line: Int) {
        self.encoding = encoding
        self.line = line
    }
}

/// Converts between UTF-8 and GB18030 with the C library's iconv (Foundation on Linux has no GB18030).
public enum TextTranscoder {
    /// UTF-8 bytes without a byte-order mark. With no encoding given: a BOM or valid UTF-8 means UTF-8, anything else GB18030.
    public static func decode(_ bytes: [UInt8], as encoding: TextEncoding?) throws(TextDecodingError) -> (utf8: [UInt8], encoding: TextEncoding) {
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasBOM ? Array(bytes.dropFirst(3)) : bytes
        switch encoding {
        case .utf8:
            if let bad = firstInvalidUTF8(body) { throw TextDecodingError(encoding: .utf8, line: lineNumber(body, at: bad)) }
            return (body, .utf8)
        case .gb18030:
            return (try convert(bytes, from: "GB18030", to: "UTF-8", reporting: .gb18030), .gb18030)
        case nil:
            if hasBOM {
                if let bad = firstInvalidUTF8(body) { throw TextDecodingError(encoding: .utf8, line: lineNumber(body, at: bad)) }
                return (body, .utf8)
            }
            if firstInvalidUTF8(body) == nil { return (body, .utf8) }
            return (try convert(bytes, from: "GB18030", to: "UTF-8", reporting: .gb18030), .gb18030)
        }
    }

    public static func encode(_ text: String, to encoding: TextEncoding) throws(TextDecodingError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        switch encoding {
        case .utf8: return utf8
        case .gb18030: return try convert(utf8, from: "UTF-8", to: "GB18030", reporting: .utf8)
        }
    }

    /// Offset of the first byte that breaks UTF-8, nil when all is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            let length: Int
            if byte & 0xE0 == 0xC0 { length = 2; if byte < 0xC2 { return index } }
            else if byte & 0xF0 == 0xE0 { length = 3 }
            else if byte & 0xF8 == 0xF0 { length = 4; if byte > 0xF4 { return index } }
            else { return index }
            guard index + length <= count else { return index }
            for next in 1..<length where bytes[index + next] & 0xC0 != 0x80 { return index }
            if length == 3 {
                let second = bytes[index + 1]
                if (byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) { return index }
            } else if length == 4 {
                let second = bytes[index + 1]
                if (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F) { return index }
            }
            index += length
        }
        return nil
    }

    static func lineNumber(_ bytes: [UInt8], at offset: Int) -> Int {
        var line = 1
        for byte in bytes[..<min(offset, bytes.count)] where byte == 0x0A { line += 1 }
        return line
    }

    private static func convert(_ input: [UInt8], from source: String, to target: String,
                                reporting encoding: TextEncoding) throws(TextDecodingError) -> [UInt8] {
        guard let converter = iconv_open(target, source), converter != iconv_t(bitPattern: -1) else {
            throw TextDecodingError(encoding: encoding, line: 1)
        }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: max(16, input.count * 2 + 16))
        var failedAt: Int?
        var produced = 0
        input.withUnsafeBufferPointer { inputBuffer in
            var inPointer = UnsafeMutablePointer(mutating: inputBuffer.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).assumingMemoryBound(to: CChar.self) })
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                let result: Int = output.withUnsafeMutableBufferPointer { outputBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBuffer.baseAddress! + produced)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outputBuffer.count - produced
                    let before = outLeft
                    let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    produced += before - outLeft
                    return status
                }
                if result == -1 {
                    if errno == E2BIG {
                        output += [UInt8](repeating: 0, count: output.count)
                        continue
                    }
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
