import Foundation
import GuanxiCore
import Testing

@Suite("CSV, encodings, duplicate keys, money and dates")
struct TextTests {
    @Test("CSV: quoted fields with commas, quotes and line breaks keep their lines; blank lines and a BOM are skipped")
    func csvReading() throws {
        let text = "\u{FEFF}name,notes\r\n\"Acme, Inc.\",\"said \"\"hi\"\"\nand left\"\n\n北京华信,\n,\nlast,row"
        let records = try CSVReader.records(Array(text.utf8))
        #expect(records.map(\.line) == [1, 2, 5, 6, 7])
        #expect(records[1].fields == ["Acme, Inc.", "said \"hi\"\nand left"])
        #expect(records[2].fields == ["北京华信", ""])
        #expect(records[3].fields == ["", ""])
        #expect(records[4].fields == ["last", "row"])
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try CSVReader.records(Array("a\n\"open,\nx".utf8)) }
        #expect(throws: CSVError.quoteInUnquotedField(line: 1, column: 2)) { try CSVReader.records(Array("a,b\"c\n".utf8)) }
    }

    @Test("CSV writing quotes what needs it, defuses formulas and reads back the same")
    func csvWriting() throws {
        let fields = ["plain", "a,b", "say \"x\"", "two\nlines", " padded", "=SUM(A1)", "-12.5", "@cmd", "北京"]
        let row = CSVWriter.row(fields)
        #expect(row.hasSuffix("\r\n"))
        let back = try #require(try CSVReader.records(Array(row.utf8)).first)
        #expect(back.fields == ["plain", "a,b", "say \"x\"", "two\nlines", " padded", "'=SUM(A1)", "-12.5", "'@cmd", "北京"])
    }

    @Test("GB18030 round-trips Chinese; detection tells GB18030 from UTF-8 and names the line of a bad byte")
    func encodings() throws {
        let text = "客户名称,电话\n北京华信科技有限公司,王伟\n"
        let gb = try TextTranscoder.encode(text, to: .gb18030)
        #expect(gb != Array(text.utf8))
        let detected = try TextTranscoder.decode(gb, as: nil)
        #expect(detected.encoding == .gb18030)
        #expect(String(decoding: detected.utf8, as: UTF8.self) == text)
        let utf8 = try TextTranscoder.decode(CSVWriter.utf8BOM + Array(text.utf8), as: nil)
        #expect(utf8.encoding == .utf8)
        #expect(utf8.utf8 == Array(text.utf8))
        let mixed = Array("name,phone\n".utf8) + (try TextTranscoder.encode("王伟,138\n", to: .gb18030))
        #expect(throws: TextDecodingError(encoding: .utf8, line: 2)) { try TextTranscoder.decode(mixed, as: .utf8) }
        #expect(throws: TextDecodingError(encoding: .gb18030, line: 3)) { try TextTranscoder.decode(Array("a\nb\n".utf8) + [0x81], as: .gb18030) }
    }

    @Test("Duplicate keys: phones without separators or +86, e-mails lower-cased, names without legal forms and spaces")
    func duplicateKeys() {
        #expect(DuplicateKey.phone("+86 138-0013-8000") == "13800138000")
        #expect(DuplicateKey.phone("0086 13800138000") == "13800138000")
        #expect(DuplicateKey.phone("(010) 6552-1234") == "01065521234")
        #expect(DuplicateKey.phone("１３８００１３８０００") == "13800138000")
        #expect(DuplicateKey.phone("12-34") == nil)
        #expect(DuplicateKey.email("  Info@HuaXin.CN ") == "info@huaxin.cn")
        #expect(DuplicateKey.email("nope") == nil)
        #expect(DuplicateKey.name("北京华信科技有限公司") == DuplicateKey.name("北京华信科技 有限公司"))
        #expect(DuplicateKey.name("北京华信科技有限公司") == "北京华信科技")
        #expect(DuplicateKey.name("Acme Inc.") == DuplicateKey.name("ACME, Inc"))
        #expect(DuplicateKey.name("Acme Co., Ltd.") == "acme")
        #expect(DuplicateKey.name("ＡＣＭＥ") == "acme")
        #expect(DuplicateKey.name(" ,. ") == nil)
    }

    @Test("Search text is lower-cased exactly as the search query is, for every script")
    func fastLowercasing() {
        let samples = ["北京华信科技有限公司", "ACME Trading, Inc.", "Info@HuaXin.CN", "王伟 | 138-0013-8000 | ", "ＡＣＭＥ全角", "Ärzte GmbH",
                       "ΑΘΗΝΑ", "İstanbul", "STRASSE ß", "〇一二、三。", "㐀㐁", "mixed 华信 ABC 𠀀", ""]
        for text in samples { #expect(text.fastLowercased == text.lowercased(), "\(text)") }
        #expect(CustomerRules.searchText(name: "ACME 华信", phone: "", email: "Sales@ACME.com") == "acme 华信 | sales@acme.com ")
    }

    @Test("Money in minor units: what people type, and two decimals out")
    func money() {
        #expect(MinorUnits.parse("1234") == 123_400)
        #expect(MinorUnits.parse("1,234.5") == 123_450)
        #expect(MinorUnits.parse("¥1,234.00") == 123_400)
        #expect(MinorUnits.parse("RMB 12") == 1_200)
        #expect(MinorUnits.parse("-12.30") == -1_230)
        #expect(MinorUnits.parse(".5") == 50)
        #expect(MinorUnits.parse("1.234") == nil)
        #expect(MinorUnits.parse("12,34") == nil)
        #expect(MinorUnits.parse("abc") == nil)
        #expect(MinorUnits.parse("") == nil)
        #expect(MinorUnits.parse("99999999999999999999") == nil)
        #expect(MinorUnits.format(123_456) == "1234.56")
        #expect(MinorUnits.format(-5) == "-0.05")
        #expect(MinorUnits.format(1_200) == "12.00")
    }

    @Test("Dates as people write them; impossible days refused; times read in the company's zone")
    func dates() throws {
        for text in ["2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "20240305"] {
            let day = try #require(LocalDateParser.date(text), "\(text)")
            #expect(day.year == 2024 && day.month == 3 && day.day == 5)
        }
        #expect(LocalDateParser.date("2023-02-29") == nil)
        #expect(LocalDateParser.date("2024-02-29") != nil)
        #expect(LocalDateParser.date("2024-13-01") == nil)
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let local = try #require(LocalDateParser.dateTime("2026-03-05 14:30", timeZone: shanghai))
        #expect(ISO8601DateFormatter().string(from: local) == "2026-03-05T06:30:00Z")
        let explicit = try #require(LocalDateParser.dateTime("2026-03-05T14:30:00Z", timeZone: shanghai))
        #expect(ISO8601DateFormatter().string(from: explicit) == "2026-03-05T14:30:00Z")
        #expect(LocalDateParser.dateTime("2026-03-05 25:00", timeZone: shanghai) == nil)
    }

    @Test("Access: reps own, managers their team, admins all; analysts, service and marketing read all and write their own")
    func accessPolicy() {
        let rep = AccessPolicy(userID: 7, role: .sales, teamID: 1)
        #expect(rep.readScope == .owner(7) && rep.writeScope == .owner(7) && !rep.assignsOwners)
        let manager = AccessPolicy(userID: 3, role: .manager, teamID: 1)
        #expect(manager.readScope == .team(1, orOwner: 3) && manager.assignsOwners)
        #expect(AccessPolicy.contains(manager.readScope, ownerID: 7, ownerTeamID: 1))
        #expect(!AccessPolicy.contains(manager.readScope, ownerID: 9, ownerTeamID: 2))
        for role in [Role.service, .marketing, .analyst] {
            let policy = AccessPolicy(userID: 5, role: role, teamID: nil)
            #expect(policy.readScope == .all && policy.writeScope == .owner(5))
        }
        #expect(AccessPolicy(userID: 1, role: .admin, teamID: nil).writeScope == .all)
    }

    @Test("A customer filter survives the trip through a segment's query string")
    func filterRoundTrip() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let (filter, problems) = CustomerFilter.parse(["stage": "customer", "tag": " VIP ", "q": "华信 & co", "created_from": "2026-01-31",
                                                      "sort": "-name"], timeZone: zone)
        #expect(problems.isEmpty)
        let back = CustomerFilter.parse(queryString: filter.queryString(timeZone: zone), timeZone: zone).0
        #expect(back == filter)
        #expect(back.tag == "vip")
        let (_, bad) = CustomerFilter.parse(["stage": "friend", "created_to": "2026-02-30", "owner_id": "x"], timeZone: zone)
        #expect(Set(bad.problems.keys) == ["stage", "created_to", "owner_id"])
    }

    @Test("Pinyin sort: Chinese names by their reading, Latin names among them, place-name readings of 长 重 行 厦")
    func pinyinOrder() {
        // The order a Chinese dictionary gives: 阿 ā, Acme, 北 běi, 长(城) cháng, 重(庆) chóng, 厦(门) xià, 李 lǐ, 林 lín,
        // 刘 liú, 吕 lǚ, 绿 lǜ, 银行 yín háng, Zeta, 张 zhāng.
        let expected = ["阿里巴巴", "Acme Trading", "北京华信科技有限公司", "长城汽车", "重庆啤酒", "李明", "林芳", "刘洋", "吕布",
                        "绿地集团", "厦门航空", "银行大厦", "Zeta Ltd", "张伟"]
        let shuffled = [expected[7], expected[12], expected[0], expected[10], expected[3], expected[13], expected[5], expected[1],
                        expected[9], expected[2], expected[11], expected[4], expected[8], expected[6]]
        #expect(shuffled.sorted { PinyinSortKey.key($0) < PinyinSortKey.key($1) } == expected.sorted { PinyinSortKey.key($0) < PinyinSortKey.key($1) })
        #expect(shuffled.sorted { PinyinSortKey.key($0) < PinyinSortKey.key($1) } == expected)
        // Case, full-width letters, accents, spaces and punctuation do not change a name's place.
        #expect(PinyinSortKey.key("ＡＣＭＥ Co.") == PinyinSortKey.key("acme co"))
        #expect(PinyinSortKey.key("Émile") == PinyinSortKey.key("emile"))
        #expect(PinyinSortKey.key("张伟") == "zhang!1wei!3")
        // Keys are ASCII, so every database compares them the same way.
        #expect(PinyinSortKey.key("Ωmega 北京 Straße").utf8.allSatisfy { $0 < 0x80 })
        #expect(PinyinSortKey.key(String(repeating: "长", count: 100)) == String(repeating: "chang!2", count: PinyinSortKey.maximumCharacters))
    }

    @Test("Trimming drops white space of every script at both ends, for strings and substrings alike")
    func trimming() {
        for (text, trimmed) in [(" 华信 ", "华信"), ("\u{3000}Acme\t\r\n", "Acme"), ("a b", "a b"), ("", ""), ("  \u{3000} ", ""), ("\u{A0}x", "x")] {
            #expect(text.trimmedWhitespace == trimmed)
            #expect(("<" + text + ">").dropFirst().dropLast().trimmedWhitespace == trimmed)
        }
    }
}

@Suite("Query strings")
struct QueryStringTests {
    @Test("Values are percent-decoded UTF-8; broken encodings and repeated names are problems, not guesses")
    func strictReading() {
        let good = QueryString.parameters("q=%E5%8D%8E%E4%BF%A1+%26+co&stage=lead&empty=&=")
        #expect(good.problems.isEmpty)
        #expect(good.parameters == ["q": "华信 & co", "stage": "lead", "empty": "", "": ""])
        #expect(QueryString.parameters("q=%ff%fe").problems["q"] == .malformedEncoding)
        #expect(QueryString.parameters("q=%zz").problems["q"] == .malformedEncoding)
        #expect(QueryString.parameters("a=1&a=1").problems["a"] == .givenMoreThanOnce)
        #expect(QueryString.boolean("true") == true && QueryString.boolean("false") == false)
        for text in ["1", "0", "yes", "TRUE", "on", "null", "", " true"] { #expect(QueryString.boolean(text) == nil, "\(text)") }
    }
}
