@testable import GuanxiCore
import Testing

@Suite("CSV reading and writing")
struct CSVTests {
    private func read(_ text: String) throws -> [CSVRecord] { try CSVReader.records(Array(text.utf8)) }

    @Test("Quoted fields span lines and keep the line their record starts on")
    func multiLineFields() throws {
        let records = try read("name,note\r\n\"王伟\",\"line one\nline two\r\nline three\"\r\nacme,\"say \"\"hi\"\"\"\r\n")
        #expect(records == [
            CSVRecord(line: 1, fields: ["name", "note"]),
            CSVRecord(line: 2, fields: ["王伟", "line one\nline two\r\nline three"]),
            CSVRecord(line: 5, fields: ["acme", "say \"hi\""]),
        ])
    }

    @Test("LF, CR and CRLF line ends, blank lines skipped, last line without newline")
    func lineEnds() throws {
        let records = try read("a,b\n\n1,2\r3,4\r\n\r\n5,6")
        #expect(records.map(\.line) == [1, 3, 4, 6])
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])
    }

    @Test("A line of delimiters is not blank; empty and trailing fields are kept")
    func emptyFields() throws {
        let records = try read(",,\n\"\",x,\n")
        #expect(records.map(\.fields) == [["", "", ""], ["", "x", ""]])
    }

    @Test("A leading byte-order mark is skipped")
    func byteOrderMark() throws {
        let records = try CSVReader.records(CSVWriter.utf8BOM + Array("客户,电话\n".utf8))
        #expect(records == [CSVRecord(line: 1, fields: ["客户", "电话"])])
        #expect(try CSVReader.records(CSVWriter.utf8BOM).isEmpty)
        #expect(try CSVReader.records([]).isEmpty)
    }

    @Test("Other delimiters")
    func semicolons() throws {
        var reader = CSVReader(bytes: Array("a;\"b;c\"\n".utf8), delimiter: UInt8(ascii: ";"))
        #expect(try reader.next()?.fields == ["a", "b;c"])
        #expect(try reader.next() == nil)
    }

    @Test("An unterminated quote reports the line its record starts on")
    func unterminatedQuote() {
        #expect(throws: CSVError.unterminatedQuote(line: 3)) { try read("a,b\n1,2\n3,\"open\nstill open\n") }
    }

    @Test("Quotes inside unquoted fields and text after a closing quote are errors with line and column")
    func strayQuotes() {
        #expect(throws: CSVError.quoteInUnquotedField(line: 2, column: 2)) { try read("a,b\nx,5\" screen\n") }
        #expect(throws: CSVError.quoteInUnquotedField(line: 1, column: 1)) { try read("\"a\"b,c\n") }
        #expect(throws: CSVError.quoteInUnquotedField(line: 3, column: 1)) { try read("x\n\"a\nb\"c\n") }
    }

    @Test("Writer quotes only when needed and doubles quotes")
    func writerQuoting() {
        #expect(CSVWriter.row(["a", "b c", ""]) == "a,b c,\r\n")
        #expect(CSVWriter.row(["1,5", "say \"hi\"", "two\nlines", "cr\r", " lead", "trail "])
            == "\"1,5\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\" lead\",\"trail \"\r\n")
        #expect(CSVWriter.row([]) == "\r\n")
    }

    @Test("Writer keeps spreadsheet formulas from running but leaves signed numbers alone")
    func formulaInjection() {
        #expect(CSVWriter.row(["=SUM(A1:A9)", "+86 138", "-cmd", "@x", "\tx"]) == "'=SUM(A1:A9),'+86 138,'-cmd,'@x,'\tx\r\n")
        #expect(CSVWriter.row(["-12.5", "+3", "-0.05", "12-3", "a=b"]) == "-12.5,+3,-0.05,12-3,a=b\r\n")
        #expect(CSVWriter.row(["-", "-.", "=1,2"]) == "'-,'-.,\"'=1,2\"\r\n")
    }

    @Test("What the writer writes reads back")
    func roundTrip() throws {
        let rows = [
            ["北京华信科技有限公司", "王伟", "say \"hi\"", "a,b", "two\r\nlines", " padded ", ""],
            ["=HYPERLINK(\"x\")", "-12.5", "@home", "", "", "", "x"],
        ]
        let text = rows.map(CSVWriter.row).joined()
        let back = try CSVReader.records(CSVWriter.utf8BOM + Array(text.utf8))
        #expect(back.map(\.fields) == [rows[0], ["'=HYPERLINK(\"x\")", "-12.5", "'@home", "", "", "", "x"]])
        #expect(back.map(\.line) == [1, 3])
    }

    @Test("100,000 generated rows read back exactly")
    func manyRows() throws {
        var text = "id,name,phone,note\r\n"
        for index in 0..<100_000 {
            let note = index % 7 == 0 ? "\"multi\nline \"\"\(index)\"\"\"" : "plain \(index)"
            text += "\(index),客户\(index),138\(index),\(note)\r\n"
        }
        var reader = CSVReader(bytes: Array(text.utf8))
        #expect(try reader.next()?.fields == ["id", "name", "phone", "note"])
        var count = 0, line = 2
        while let record = try reader.next() {
            #expect(record.line == line)
            let index = count
            let note = index % 7 == 0 ? "multi\nline \"\(index)\"" : "plain \(index)"
            if record.fields != ["\(index)", "客户\(index)", "138\(index)", note] {
                Issue.record("row \(index) read as \(record.fields)")
                break
            }
            line += index % 7 == 0 ? 2 : 1
            count += 1
        }
        #expect(count == 100_000)
    }
}
