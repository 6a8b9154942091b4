/// Where a quote stands. A sent quote is never edited: a revision replaces it and it becomes `superseded`.
public enum QuoteStatus: String, Codable, CaseIterable, Sendable {
    case draft, sent, accepted, rejected, expired, superseded

    /// Whether its lines and terms may still change.
    public var isEditable: Bool { self == .draft }
}

/// Where an order stands: draft → confirmed → shipped → delivered → completed, or cancelled before it ships.
public enum OrderStatus: String, Codable, CaseIterable, Sendable {
    case draft, confirmed, shipped, delivered, completed, cancelled

    /// The statuses an order may move to from this one. Steps may be skipped forward (a shop sale is delivered at
    /// once), never taken back; only an order that has not shipped may be cancelled.
    public var next: [OrderStatus] {
        switch self {
        case .draft: [.confirmed, .shipped, .delivered, .completed, .cancelled]
        case .confirmed: [.shipped, .delivered, .completed, .cancelled]
        case .shipped: [.delivered, .completed]
        case .delivered: [.completed]
        case .completed, .cancelled: []
        }
    }

    /// Counted in revenue, profit and the customer's history (a draft is not yet a sale, a cancelled one never was).
    public var isSale: Bool { self != .draft && self != .cancelled }

    /// The goods have reached the customer, so they may come back.
    public var isDelivered: Bool { self == .delivered || self == .completed }

    /// Lines may change only while the order is a draft.
    public var linesEditable: Bool { self == .draft }
}

/// Where an order came in.
public enum SalesChannel: String, Codable, CaseIterable, Sendable {
    case direct
    case onlineStore = "online_store"
    case agent, phone, wechat
    case tradeShow = "trade_show"
    case other
}

/// How a customer pays.
public enum PaymentMethod: String, Codable, CaseIterable, Sendable {
    case bankTransfer = "bank_transfer"
    case cash
    case wechatPay = "wechat_pay"
    case alipay, card
    case credit
}

/// How goods reach the customer.
public enum DeliveryMethod: String, Codable, CaseIterable, Sendable {
    case pickUp = "pick_up"
    case courier, logistics
    case ownFleet = "own_fleet"
}

/// The kinds of numbered documents; each counts from 1 every year.
public enum DocumentKind: String, Codable, CaseIterable, Sendable {
    case quote, order

    public var defaultPrefix: String {
        switch self {
        case .quote: "Q"
        case .order: "O"
        }
    }
}

/// A document number: prefix, year, and the year's sequence padded to five digits (`Q-2026-00042`).
public enum DocumentNumber {
    public static func format(prefix: String, year: Int, sequence: Int64) -> String {
        let digits = String(sequence)
        return "\(prefix)-\(year)-\(String(repeating: "0", count: max(0, 5 - digits.count)))\(digits)"
    }
}

/// Decimal numbers typed by people or sent as JSON, held as whole multiples of 10^-decimals: a quantity in
/// thousandths, a percentage in hundredths.
public enum DecimalUnits {
    /// "12", "12.5", "0.125", "-3" with at most `decimals` digits after the point; nil for anything else or overflow.
    public static func parse(_ text: String, decimals: Int) -> Int64? {
        var scalars = Substring(text.trimmingWhitespace)
        var negative = false
        if scalars.first == "-" || scalars.first == "+" {
            negative = scalars.first == "-"
            scalars = scalars.dropFirst()
        }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, parts.count <= 2 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), fraction.count <= decimals,
              whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty
        else { return nil }
        var value: Int64 = 0
        for digit in whole + fraction + String(repeating: "0", count: decimals - fraction.count) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit.asciiValue! - 48))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    /// The value with its decimals, trailing zeros dropped: 1500 with 3 decimals is "1.5".
    public static func format(_ value: Int64, decimals: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let magnitude = value.magnitude
        var text = String(magnitude / UInt64(scale))
        var fraction = String(magnitude % UInt64(scale))
        if decimals > 0, magnitude % UInt64(scale) != 0 {
            fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return (value < 0 ? "-" : "") + text
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
