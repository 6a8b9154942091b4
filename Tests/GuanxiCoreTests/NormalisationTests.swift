import Foundation
import GuanxiCore
import Testing

@Suite("Duplicate keys, money and dates")
struct NormalisationTests {
    @Test("Phone keys", arguments: [
        ("+86 138-0013-8000", "13800138000"), ("13800138000", "13800138000"), ("0086 13800138000", "13800138000"),
        ("8613800138000", "13800138000"), ("１３８００１３８０００", "13800138000"), ("＋８６ １３８ ００１３ ８０００", "13800138000"),
        ("(010) 6552-1234", "01065521234"), ("+86 10 6552 1234", "01065521234"), ("+86 (0)10 6552 1234", "01065521234"),
        ("86 755 1234", "867551234"), ("+1 415 555 0100", "14155550100"), ("12345", nil), ("", nil), ("tel: n/a", nil),
    ] as [(String, String?)])
    func phone(text: String, key: String?) {
        #expect(DuplicateKey.phone(text) == key)
    }

    @Test("Name keys of ASCII and Chinese text are those of the general Unicode path")
    func nameKeyPaths() {
        // An em dash is punctuation outside the texts the byte-level path takes, so a text with one appended goes
        // the general way and must give the same key.
        let pieces = ["A", "b", "7", " ", ".", ",", "Co", "Ltd", "Inc", "GmbH", "corp", "有限公司", "集团", "股份", "华", "信", "，", "。", "·",
                      "Ｉｎｃ", "ＡＢ", "\u{3000}", "-", "&", "(", "有限责任公司", "公司", "LLC", "limited"]
        var state: UInt64 = 2026
        for _ in 0..<3_000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for step in 0..<Int(state >> 61) + 1 {
                let index = Int((state >> UInt64(7 * step % 50)) % UInt64(pieces.count))
                text += pieces[index]
            }
            #expect(DuplicateKey.name(text) == DuplicateKey.name(text + "—"), "\(text)")
        }
        #expect(DuplicateKey.name("Acme Trading Co., Ltd.") == "acmetrading")
        #expect(DuplicateKey.name("北京华信科技股份有限公司") == "北京华信科技")
        #expect(DuplicateKey.name("集团有限公司") == "集团")
        #expect(DuplicateKey.name("Disco") == "disco")
        #expect(DuplicateKey.name("Ltd.") == "ltd")
        #expect(DuplicateKey.name(" ., ") == nil)
    }

    @Test("Email keys")
    func email() {
        #expect(DuplicateKey.email("  Wang.Wei@Example.CN \n") == "wang.wei@example.cn")
        #expect(DuplicateKey.email("\u{3000}王伟@例子.中国\t") == "王伟@例子.中国")
        #expect(DuplicateKey.email("") == nil)
        #expect(DuplicateKey.email("   ") == nil)
        #expect(DuplicateKey.email("no-at-sign") == nil)
    }

    @Test("Tag lists split on Latin and Chinese separators, fold case and drop control characters and repeats")
    func tagLists() {
        #expect(CustomerRules.tags(fromList: "VIP, 重点客户；key;vip") == ["vip", "重点客户", "key"])
        #expect(CustomerRules.normalizedTag(" a\u{1F}b\u{0}\t") == "ab")
        #expect(CustomerRules.tags(fromList: "\u{7}, ,x") == ["x"])
        // Long lists keep dropping repeats (past the length at which they are looked up in a set).
        let long = (1...40).map { "t\($0 % 25)" }.joined(separator: "，")
        #expect(CustomerRules.tags(fromList: long) == (1...25).map { "t\($0 % 25)" })
    }

    @Test("Name keys fold width, case, spacing, punctuation and legal forms")
    func name() {
        let huaxin = DuplicateKey.name("北京华信科技有限公司")
        #expect(huaxin == "北京华信科技")
        #expect(DuplicateKey.name("北京华信科技 有限公司") == huaxin)
        #expect(DuplicateKey.name("北京华信科技股份有限公司") == huaxin)
        #expect(DuplicateKey.name("北京华信科技有限责任公司") == huaxin)
        #expect(DuplicateKey.name("北京华信科技集团有限公司") == huaxin)
        #expect(DuplicateKey.name("北京华信科技（集团）公司") == huaxin)
        let acme = DuplicateKey.name("Acme Inc.")
        #expect(acme == "acme")
        #expect(DuplicateKey.name("ACME, Inc") == acme)
        #expect(DuplicateKey.name("Acme Co., Ltd.") == acme)
        #expect(DuplicateKey.name("ＡＣＭＥ　Ｌｉｍｉｔｅｄ") == acme)
        #expect(DuplicateKey.name("Acme Corporation") == acme)
        #expect(DuplicateKey.name("acme gmbh") == acme)
        #expect(DuplicateKey.name("Acme LLC") == acme)
        #expect(DuplicateKey.name("Acme Corp.") == acme)
        #expect(DuplicateKey.name("Disco") == "disco")
        #expect(DuplicateKey.name("王 伟") == "王伟")
        // Outside the common ranges Foundation's compatibility fold applies: composed and decomposed accents, ligatures.
        #expect(DuplicateKey.name("Café Ltd") == "café")
        #expect(DuplicateKey.name("CAFE\u{301}") == "café")
        #expect(DuplicateKey.name("ﬁnance GmbH") == "finance")
        #expect(DuplicateKey.name("Société Générale S.A.") == "sociétégénéralesa")
        #expect(DuplicateKey.name("Inc.") == "inc")
        #expect(DuplicateKey.name("") == nil)
        #expect(DuplicateKey.name(" ,.-（）") == nil)
    }

    @Test("Money parsing", arguments: [
        ("1234", 123_400), ("1,234.5", 123_450), ("1234.56", 123_456), ("-12.30", -1230), ("¥1,234.00", 123_400), ("￥12", 1200),
        ("RMB 12", 1200), ("rmb12", 1200), ("CNY 0.5", 50), ("  7.05  ", 705), ("-¥3", -300), ("¥-3", -300), ("12元", 1200),
        ("0", 0), (".5", 50), ("1,234,567.89", 123_456_789), ("92233720368547758.07", Int64.max),
        ("1.234", nil), ("12a", nil), ("abc", nil), ("", nil), ("  ", nil), ("-", nil), (".", nil), ("1.2.3", nil),
        ("1,23", nil), ("1234,567", nil), (",123", nil), ("1,,234", nil), ("92233720368547758.08", nil), ("99999999999999999999", nil),
        ("--1", nil), ("$", nil), ("1 234", nil),
    ] as [(String, Int64?)])
    func parse(text: String, minor: Int64?) {
        #expect(MinorUnits.parse(text) == minor)
    }

    @Test("Money formatting")
    func format() {
        #expect(MinorUnits.format(123_456) == "1234.56")
        #expect(MinorUnits.format(-5) == "-0.05")
        #expect(MinorUnits.format(1200) == "12.00")
        #expect(MinorUnits.format(0) == "0.00")
        #expect(MinorUnits.format(-123_450) == "-1234.50")
        #expect(MinorUnits.format(Int64.min) == "-92233720368547758.08")
        for value: Int64 in [0, 1, -1, 99, -100, 123_456_789, Int64.max] { #expect(MinorUnits.parse(MinorUnits.format(value)) == value) }
    }

    @Test("Dates in the usual spellings", arguments: [
        "2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "2024年03月05日", "20240305", " 2024-3-05 ",
    ])
    func date(text: String) {
        let day = LocalDateParser.date(text)
        #expect(day?.year == 2024 && day?.month == 3 && day?.day == 5)
    }

    @Test("Impossible or malformed dates are refused", arguments: [
        "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-04-31", "2024-03-00", "20230229", "2024-03/05", "2024--03-05",
        "24-03-05", "2024-003-05", "2024-03-05x", "2024年3月", "", "March 5", "2024-+3-05", "0000-01-01",
    ])
    func invalidDate(text: String) {
        #expect(LocalDateParser.date(text) == nil)
    }

    @Test("Leap days")
    func leapDays() {
        #expect(LocalDateParser.date("2024-02-29")?.day == 29)
        #expect(LocalDateParser.date("2000-02-29")?.day == 29)
        #expect(LocalDateParser.date("1900-02-29") == nil)
    }

    @Test("Date-times in a local zone, or with their own offset")
    func dateTime() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        // 2024-03-05 00:00 in Shanghai is 2024-03-04 16:00 UTC.
        let midnight = Date(timeIntervalSince1970: 1_709_568_000)
        #expect(LocalDateParser.dateTime("2024-03-05", timeZone: shanghai) == midnight)
        #expect(LocalDateParser.dateTime("2024年3月5日", timeZone: shanghai) == midnight)
        #expect(LocalDateParser.dateTime("20240305", timeZone: shanghai) == midnight)
        #expect(LocalDateParser.dateTime("2024/3/5 14:30", timeZone: shanghai) == midnight.addingTimeInterval(14.5 * 3600))
        #expect(LocalDateParser.dateTime("2024-03-05T14:30:15", timeZone: shanghai) == midnight.addingTimeInterval(14.5 * 3600 + 15))
        #expect(LocalDateParser.dateTime("2024.03.05 9:05:00", timeZone: utc) == Date(timeIntervalSince1970: 1_709_629_500))
        // An explicit offset wins over the zone passed in.
        let instant = Date(timeIntervalSince1970: 1_709_620_200)  // 2024-03-05T06:30:00Z
        for text in ["2024-03-05T06:30:00Z", "2024-03-05T14:30:00+08:00", "2024-03-05T14:30+0800", "2024-03-05 01:30:00-05:00", "2024-03-05T06:30:00.000Z"] {
            #expect(LocalDateParser.dateTime(text, timeZone: utc) == instant, "\(text)")
            #expect(LocalDateParser.dateTime(text, timeZone: shanghai) == instant, "\(text)")
        }
        #expect(LocalDateParser.dateTime("2024-03-05T06:30:00.250Z", timeZone: utc) == instant.addingTimeInterval(0.25))
    }

    @Test("Daylight saving time is taken at the written wall-clock time")
    func daylightSaving() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // EST (-5) in winter, EDT (-4) in summer.
        #expect(LocalDateParser.dateTime("2024-01-15 12:00", timeZone: newYork) == Date(timeIntervalSince1970: 1_705_338_000))
        #expect(LocalDateParser.dateTime("2024-07-15 12:00", timeZone: newYork) == Date(timeIntervalSince1970: 1_721_059_200))
    }

    @Test("Malformed date-times are refused", arguments: [
        "2024-02-30 10:00", "2024-03-05 24:00", "2024-03-05 10:60", "2024-03-05 10", "2024-03-05T", "2024-03-05 10:00:61",
        "2024-03-05T10:00:00+25:00", "2024-03-05T10:00:00 UTC", "", "yesterday",
    ])
    func invalidDateTime(text: String) {
        #expect(LocalDateParser.dateTime(text, timeZone: .gmt) == nil)
    }
}
