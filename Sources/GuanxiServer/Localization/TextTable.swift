import GuanxiCore

/// The interface texts of one feature, both languages side by side: `.phone: ("Phone", "电话")`.
/// Each feature's table sits beside its pages in `Web/<Feature>/<Feature>Texts.swift`; what every page shares is
/// `TextTable.common`. Every key lives in exactly one table; a test fails when one is missing, repeated or empty.
struct TextTable: Sendable {
    typealias Texts = KeyValuePairs<TextKey, (english: String, chinese: String)>

    let name: String
    let texts: Texts

    init(_ name: String, _ texts: Texts) {
        self.name = name
        self.texts = texts
    }

    /// Every feature's table.
    static let all: [TextTable] = [
        .common, .accounts, .audit, .dashboard, .customers, .contacts, .interactions, .tasks, .followUpRules, .products,
        .segments, .imports, .salesLines, .opportunities, .pipeline, .salesReports, .quotes, .orders, .companySettings,
        .bids, .salesChannels,
    ]

    /// All English texts, built from the feature tables.
    static let english: [TextKey: String] = combined(chinese: false)
    /// All Chinese texts, built from the feature tables.
    static let chinese: [TextKey: String] = combined(chinese: true)

    static func texts(in language: Language) -> [TextKey: String] {
        language == .chinese ? chinese : english
    }

    private static func combined(chinese: Bool) -> [TextKey: String] {
        var out: [TextKey: String] = [:]
        for table in all {
            for (key, text) in table.texts where out[key] == nil { out[key] = chinese ? text.chinese : text.english }
        }
        return out
    }
}
