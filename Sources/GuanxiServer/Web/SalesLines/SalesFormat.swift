import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// How the sales pages show money, quantities, percentages and statuses: amounts with two decimals and grouped
/// thousands, right-aligned in tables; statuses as coloured pills.
enum SalesFormat {
    /// `1234567` fen → "12,345.67".
    static func money(_ minor: Int64) -> String {
        let plain = MinorUnits.format(minor)
        let negative = plain.hasPrefix("-")
        let digits = negative ? String(plain.dropFirst()) : plain
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        return (negative ? "-" : "") + whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Hundredths of a percent → "12.50 %"; a dash when there is no base.
    static func percent(_ basis: Int64?) -> String {
        basis.map { MinorUnits.format($0) + " %" } ?? "—"
    }

    /// Thousandths → "1.5".
    static func quantity(_ milli: Int64) -> String {
        DecimalUnits.format(milli, decimals: 3)
    }

    /// A right-aligned table cell with an amount.
    static func cell(_ minor: Int64, id: String? = nil) -> HTML {
        "<td class=\"num\"\(id.map { HTML(raw: " id=\"\(HTML.escape($0))\"") } ?? HTML.empty)>\(money(minor))</td>"
    }

    static func quoteStatusPill(_ status: QuoteStatus, _ l: Localizer) -> HTML {
        let tone = switch status {
        case .draft: ""
        case .sent: " info"
        case .accepted: " ok"
        case .rejected: " bad"
        case .expired: " warn"
        case .superseded: " off"
        }
        return "<span class=\"pill\(tone) status-\(status.rawValue)\">\(l.quoteStatusName(status))</span>"
    }

    static func orderStatusPill(_ status: OrderStatus, _ l: Localizer) -> HTML {
        let tone = switch status {
        case .draft: ""
        case .confirmed, .shipped: " info"
        case .delivered, .completed: " ok"
        case .cancelled: " off"
        }
        return "<span class=\"pill\(tone) status-\(status.rawValue)\">\(l.orderStatusName(status))</span>"
    }

    /// Days (with one decimal) an interval spans.
    static func days(_ seconds: TimeInterval, _ l: Localizer) -> String {
        let days = seconds / 86_400
        if days < 1 { return l(.hoursCount, ["n": String(Int((seconds / 3600).rounded(.down)))]) }
        return l(.daysCount, ["n": String(format: "%.1f", days)])
    }
}

extension Localizer {
    /// A pipeline stage in the page's language.
    func pipelineStageName(_ stage: PipelineStage?) -> String {
        guard let stage else { return self[.none] }
        return language == .chinese ? stage.nameChinese : stage.nameEnglish
    }

    func quoteStatusName(_ status: QuoteStatus) -> String {
        switch status {
        case .draft: self[.qsDraft]
        case .sent: self[.qsSent]
        case .accepted: self[.qsAccepted]
        case .rejected: self[.qsRejected]
        case .expired: self[.qsExpired]
        case .superseded: self[.qsSuperseded]
        }
    }

    func orderStatusName(_ status: OrderStatus) -> String {
        switch status {
        case .draft: self[.osDraft]
        case .confirmed: self[.osConfirmed]
        case .shipped: self[.osShipped]
        case .delivered: self[.osDelivered]
        case .completed: self[.osCompleted]
        case .cancelled: self[.osCancelled]
        }
    }

    func salesChannelName(_ channel: SalesChannel) -> String {
        switch channel {
        case .direct: self[.scDirect]
        case .onlineStore: self[.scOnlineStore]
        case .agent: self[.scAgent]
        case .phone: self[.scPhone]
        case .wechat: self[.scWeChat]
        case .tradeShow: self[.scTradeShow]
        case .other: self[.scOther]
        }
    }

    func paymentMethodName(_ method: PaymentMethod) -> String {
        switch method {
        case .bankTransfer: self[.pmBankTransfer]
        case .cash: self[.pmCash]
        case .wechatPay: self[.pmWeChatPay]
        case .alipay: self[.pmAlipay]
        case .card: self[.pmCard]
        case .credit: self[.pmCredit]
        }
    }

    func deliveryMethodName(_ method: DeliveryMethod) -> String {
        switch method {
        case .pickUp: self[.dmPickUp]
        case .courier: self[.dmCourier]
        case .logistics: self[.dmLogistics]
        case .ownFleet: self[.dmOwnFleet]
        }
    }
}

/// Records the sales pages name beside their own: customers, users, stages, loaded once per page.
enum SalesLookup {
    /// Customers by id; the caller has already been allowed to see the records that name them.
    static func customers(_ ids: some Sequence<Int64>, on db: any Database) async throws -> [Int64: Customer] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        let rows = try await Customer.query(on: db).filter(\.$id ~~ unique).all()
        return Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
    }

    static func stages(on db: any Database) async throws -> [Int64: PipelineStage] {
        let rows = try await PipelineStage.query(on: db).sort(\.$position).all()
        return Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Active users for an owner filter or select, by display name.
    static func activeUsers(on db: any Database) async throws -> [(value: String, label: String)] {
        try await User.query(on: db).filter(\.$active == true).sort(\.$displayName).all()
            .map { (String($0.id ?? 0), $0.displayName) }
    }

    /// The company's profile with its minimum margin and staleness period.
    static func profile(_ request: Request) async throws -> CompanyProfile {
        try await request.companySettings.profile()
    }
}

/// Reading typed values from the text a form sent.
enum FormNumber {
    /// Money typed in yuan ("1,234.50", "¥12"); empty is `empty`.
    static func money(_ text: String?, field: String, empty: Int64? = nil, into problems: inout FieldProblems) -> Int64? {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return empty }
        guard let value = MinorUnits.parse(text), value >= 0 else { problems[field] = .invalidAmount; return empty }
        return value
    }

    /// A percentage with up to two decimals ("13", "12.5 %") as hundredths of a percent.
    static func percent(_ text: String?, field: String, into problems: inout FieldProblems) -> Int64? {
        var text = (text ?? "").trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        if text.isEmpty { return nil }
        guard let value = DecimalUnits.parse(text, decimals: 2) else { problems[field] = .tooManyDecimals(2); return nil }
        guard (0...LinePricing.wholeBasis).contains(value) else { problems[field] = .percentOutOfRange; return nil }
        return value
    }

    /// A quantity with up to three decimals as thousandths; empty is one.
    static func quantity(_ text: String?, field: String, into problems: inout FieldProblems) -> Int64 {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 1000 }
        guard let value = DecimalUnits.parse(text, decimals: 3) else { problems[field] = .tooManyDecimals(3); return 1000 }
        return value
    }

    /// A whole number; empty is `empty`.
    static func integer(_ text: String?, field: String, empty: Int, into problems: inout FieldProblems) -> Int {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return empty }
        guard let value = Int(text) else { problems[field] = .mustBeInteger; return empty }
        return value
    }

    /// An id from a select; empty or malformed is nil.
    static func id(_ text: String?) -> Int64? {
        (text ?? "").isEmpty ? nil : Int64(text ?? "")
    }
}
