import GuanxiCore
import Testing

@Suite("Text encodings")
struct TextTranscoderTests {
    private let sample = "北京华信科技有限公司,王伟\r\n上海,李娜\r\n"

    @Test("GB18030 round-trips Chinese text")
    func gb18030RoundTrip() throws {
        let gb = try TextTranscoder.encode(sample, to: .gb18030)
        #expect(gb != Array(sample.utf8))
        #expect(Array(gb.prefix(2)) == [0xB1, 0xB1])  // 北 in GB2312
        let decoded = try TextTranscoder.decode(gb, as: .gb18030)
        #expect(decoded.encoding == .gb18030)
        #expect(String(decoding: decoded.utf8, as: UTF8.self) == sample)
        // Characters outside GB2312 use GB18030's four-byte forms and survive too.
        let rare = "𠀀é😀"
        #expect(try TextTranscoder.decode(TextTranscoder.encode(rare, to: .gb18030), as: .gb18030).utf8 == Array(rare.utf8))
    }

    @Test("Detection picks GB18030 for GB bytes and UTF-8 for UTF-8")
    func detection() throws {
        let gb = try TextTranscoder.decode(TextTranscoder.encode(sample, to: .gb18030), as: nil)
        #expect(gb.encoding == .gb18030)
        #expect(gb.utf8 == Array(sample.utf8))
        let utf8 = try TextTranscoder.decode(Array(sample.utf8), as: nil)
        #expect(utf8.encoding == .utf8)
        #expect(utf8.utf8 == Array(sample.utf8))
        let ascii = try TextTranscoder.decode(Array("a,b\n".utf8), as: nil)
        #expect(ascii.encoding == .utf8)
        // Every one of the 3,755 common characters (GB2312 level 1), one per line or all on one, is still GB18030:
        // the bytes that happen to be well-formed UTF-8 among them do not outweigh the rest.
        var common: [UInt8] = []
        for lead in UInt8(0xB0)...0xD7 {
            for trail in UInt8(0xA1)...0xFE where !(lead == 0xD7 && trail > 0xF9) { common += [lead, trail] }
        }
        #expect(try TextTranscoder.decode(common, as: nil).encoding == .gb18030)
        var lines: [UInt8] = []
        for start in stride(from: 0, to: common.count, by: 2) { lines += [common[start], common[start + 1], 0x0A] }
        #expect(try TextTranscoder.decode(lines, as: nil).encoding == .gb18030)
    }

    @Test("A UTF-8 byte-order mark is removed and decides the encoding")
    func byteOrderMark() throws {
        let withBOM = CSVWriter.utf8BOM + Array(sample.utf8)
        for encoding in [nil, TextEncoding.utf8] {
            let decoded = try TextTranscoder.decode(withBOM, as: encoding)
            #expect(decoded.encoding == .utf8)
            #expect(decoded.utf8 == Array(sample.utf8))
        }
        #expect(try TextTranscoder.decode(CSVWriter.utf8BOM, as: nil).utf8 == [])
        #expect(try TextTranscoder.decode([], as: nil).encoding == .utf8)
    }

    @Test("Invalid bytes report the line of the first bad byte")
    func invalidLine() throws {
        let utf8 = Array("a,b\r\nc,d\n王伟,e\n".utf8) + [0xE7, 0x28] + Array(",x\n".utf8)
        #expect(throws: TextDecodingError(encoding: .utf8, line: 4)) { try TextTranscoder.decode(utf8, as: .utf8) }
        // Lone CRs are line ends too, and the BOM does not shift the count.
        #expect(throws: TextDecodingError(encoding: .utf8, line: 3)) {
            try TextTranscoder.decode(CSVWriter.utf8BOM + Array("a\rb\r".utf8) + [0xFF], as: nil)
        }
        // 0xFF never occurs in GB18030 either.
        let gb = Array("a\nb\nc\n".utf8) + [0xB1, 0xB1, 0xFF, 0x30]
        #expect(throws: TextDecodingError(encoding: .gb18030, line: 4)) { try TextTranscoder.decode(gb, as: .gb18030) }
        #expect(throws: TextDecodingError(encoding: .gb18030, line: 4)) { try TextTranscoder.decode(gb, as: nil) }
        // A UTF-8 file with one stray Latin-1 byte, or cut inside its last character, is UTF-8 with a mistake, not
        // GB18030 (as which its Chinese would decode into other characters).
        let slip = Array("name,region\n北京华信科技有限公司,北京\n上海客户,上海\n".utf8) + Array("Caf".utf8) + [0xE9] + Array("s Paris,Paris\n".utf8)
        #expect(throws: TextDecodingError(encoding: .utf8, line: 4)) { try TextTranscoder.decode(slip, as: nil) }
        #expect(throws: TextDecodingError(encoding: .utf8, line: 3)) { try TextTranscoder.decode(Array("name\n中文客户\n".utf8) + [0xE4, 0xB8, 0x0A], as: nil) }
        #expect(try TextTranscoder.decode(slip, as: .gb18030).encoding == .gb18030)  // unless the user says otherwise
        // Code page 936's € (0x80, which GB18030 lacks) from Excel on Chinese Windows, after a character whose second
        // byte is 0x80 (丂 = 81 40 is not; 亐 = 81 80 is).
        let euro: [UInt8] = [0x81, 0x80, 0x80, 0x31, 0x30, 0x0A]
        #expect(String(decoding: try TextTranscoder.decode(euro, as: nil).utf8, as: UTF8.self) == "亐€10\n")
        #expect(try TextTranscoder.decode(euro, as: nil).encoding == .gb18030)
        // A file cut inside a character.
        #expect(throws: TextDecodingError(encoding: .gb18030, line: 2)) { try TextTranscoder.decode([0x41, 0x0A, 0xB1], as: .gb18030) }
    }

    @Test("The UTF-8 validator refuses overlong forms, surrogates and truncated sequences", arguments: [
        [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE4, 0xB8], [0x80],
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        #expect(throws: TextDecodingError(encoding: .utf8, line: 2)) { try TextTranscoder.decode(Array("12345678\n".utf8) + bytes, as: .utf8) }
    }

    @Test("UTF-8 encoding is the string's own bytes")
    func utf8Encoding() throws {
        #expect(try TextTranscoder.encode(sample, to: .utf8) == Array(sample.utf8))
        #expect(TextEncoding(rawValue: "gb18030") == .gb18030 && TextEncoding(rawValue: "utf-8") == .utf8)
    }

    @Test("Large GB18030 input converts completely")
    func largeInput() throws {
        let text = String(repeating: "客户名称,电话,备注 note\n", count: 50_000)
        let decoded = try TextTranscoder.decode(TextTranscoder.encode(text, to: .gb18030), as: nil)
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.utf8 == Array(text.utf8))
    }
}
