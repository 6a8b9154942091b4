/// Whether the company's prices include VAT (含税, the default in China) or have it added on top.
public enum TaxMode: String, Codable, CaseIterable, Sendable {
    case inclusive, exclusive
}

/// What a quote or order line asks for, in whole units: quantity in thousandths (up to 3 decimals), money in fen,
/// percentages in hundredths of a percent (13 % = 1300).
public struct LineTerms: Sendable, Equatable {
    public var quantityMilli: Int64
    public var unitPrice: Int64
    /// A discount as a share of the line (hundredths of a percent) …
    public var discountPercentBasis: Int64?
    /// … or as an amount in fen; at most one of the two.
    public var discountAmount: Int64?
    public var taxRateBasis: Int64
    public var unitCost: Int64

    public init(quantityMilli: Int64, unitPrice: Int64, discountPercentBasis: Int64? = nil, discountAmount: Int64? = nil,
                taxRateBasis: Int64, unitCost: Int64) {
        self.quantityMilli = quantityMilli
        self.unitPrice = unitPrice
        self.discountPercentBasis = discountPercentBasis
        self.discountAmount = discountAmount
        self.taxRateBasis = taxRateBasis
        self.unitCost = unitCost
    }
}

/// A line's amounts, each rounded to the fen, half up. `net + tax == gross` always: the rounded part is the one
/// derived from the other two.
public struct PricedLine: Sendable, Equatable {
    /// Quantity × unit price, before the discount.
    public var listAmount: Int64
    public var discount: Int64
    public var net: Int64
    public var tax: Int64
    public var gross: Int64
    public var cost: Int64

    public init(listAmount: Int64, discount: Int64, net: Int64, tax: Int64, gross: Int64, cost: Int64) {
        self.listAmount = listAmount
        self.discount = discount
        self.net = net
        self.tax = tax
        self.gross = gross
        self.cost = cost
    }

    /// Net revenue less cost: what the line earns before overheads.
    public var margin: Int64 { net - cost }
}

/// A document's totals: the sums of its rounded lines, exactly (never the rounding of a sum).
public struct DocumentTotals: Sendable, Equatable {
    public var discount: Int64 = 0
    public var net: Int64 = 0
    public var tax: Int64 = 0
    public var gross: Int64 = 0
    public var cost: Int64 = 0

    public init() {}

    public init(_ lines: [PricedLine]) {
        for line in lines { add(line) }
    }

    public mutating func add(_ line: PricedLine) {
        discount += line.discount
        net += line.net
        tax += line.tax
        gross += line.gross
        cost += line.cost
    }

    public var margin: Int64 { net - cost }

    /// Margin as hundredths of a percent of net revenue, nil when there is no revenue.
    public var marginBasis: Int64? { LinePricing.share(margin, of: net) }
}

/// The one place a line's money is computed, for quotes, orders and imports alike.
public enum LinePricing {
    /// The largest quantity a line takes (ten million units), and the largest unit price or cost (one hundred million
    /// yuan): their product still fits the amounts comfortably.
    public static let maximumQuantityMilli: Int64 = 10_000_000_000
    public static let maximumUnitPrice: Int64 = 10_000_000_000
    /// 100 %.
    public static let wholeBasis: Int64 = 10_000
    /// The VAT rate a line takes when neither it nor its product names one (13 %, the general rate).
    public static let defaultTaxRateBasis: Int64 = 1300

    /// Why terms cannot be priced, by the field at fault.
    public enum Problem: Equatable, Sendable {
        case quantityNotPositive, quantityTooLarge, negativePrice, priceTooLarge, negativeCost, costTooLarge
        case discountOutOfRange, discountAboveAmount, bothDiscounts, taxRateOutOfRange
    }

    /// Every refused term of a line, by its API field name.
    public static func problems(_ terms: LineTerms) -> [(field: String, problem: Problem)] {
        var out: [(String, Problem)] = []
        if terms.quantityMilli <= 0 { out.append(("quantity", .quantityNotPositive)) }
        else if terms.quantityMilli > maximumQuantityMilli { out.append(("quantity", .quantityTooLarge)) }
        if terms.unitPrice < 0 { out.append(("unit_price", .negativePrice)) }
        else if terms.unitPrice > maximumUnitPrice { out.append(("unit_price", .priceTooLarge)) }
        if terms.unitCost < 0 { out.append(("unit_cost", .negativeCost)) }
        else if terms.unitCost > maximumUnitPrice { out.append(("unit_cost", .costTooLarge)) }
        if terms.taxRateBasis < 0 || terms.taxRateBasis > wholeBasis { out.append(("tax_rate", .taxRateOutOfRange)) }
        if terms.discountPercentBasis != nil, terms.discountAmount != nil { out.append(("discount_amount", .bothDiscounts)) }
        if let percent = terms.discountPercentBasis, percent < 0 || percent > wholeBasis {
            out.append(("discount_percent", .discountOutOfRange))
        }
        if let amount = terms.discountAmount {
            if amount < 0 { out.append(("discount_amount", .discountOutOfRange)) }
            else if out.isEmpty, amount > listAmount(terms) { out.append(("discount_amount", .discountAboveAmount)) }
        }
        return out
    }

    /// The line's amounts; the terms must have passed `problems`.
    public static func price(_ terms: LineTerms, mode: TaxMode) -> PricedLine {
        let list = listAmount(terms)
        let discount: Int64
        if let percent = terms.discountPercentBasis { discount = roundedHalfUp(Int128(list) * Int128(percent), dividedBy: Int128(wholeBasis)) }
        else { discount = terms.discountAmount ?? 0 }
        let afterDiscount = list - discount
        let rate = Int128(terms.taxRateBasis)
        let net, tax, gross: Int64
        switch mode {
        case .inclusive:
            gross = afterDiscount
            net = roundedHalfUp(Int128(gross) * Int128(wholeBasis), dividedBy: Int128(wholeBasis) + rate)
            tax = gross - net
        case .exclusive:
            net = afterDiscount
            tax = roundedHalfUp(Int128(net) * rate, dividedBy: Int128(wholeBasis))
            gross = net + tax
        }
        let cost = roundedHalfUp(Int128(terms.quantityMilli) * Int128(terms.unitCost), dividedBy: 1000)
        return PricedLine(listAmount: list, discount: discount, net: net, tax: tax, gross: gross, cost: cost)
    }

    /// Quantity × unit price to the fen.
    public static func listAmount(_ terms: LineTerms) -> Int64 {
        roundedHalfUp(Int128(terms.quantityMilli) * Int128(terms.unitPrice), dividedBy: 1000)
    }

    /// The share of `whole` that `part` of a line is: a partial return's amounts. `part` of `whole` units of an amount,
    /// rounded half up, so that returning every unit gives back exactly the amount.
    public static func proportion(_ amount: Int64, part: Int64, of whole: Int64) -> Int64 {
        guard whole > 0 else { return 0 }
        return roundedHalfUp(Int128(amount) * Int128(part), dividedBy: Int128(whole))
    }

    /// `part / whole` in hundredths of a percent, rounded half up; nil when `whole` is 0.
    public static func share(_ part: Int64, of whole: Int64) -> Int64? {
        guard whole != 0 else { return nil }
        return roundedHalfUp(Int128(part) * Int128(wholeBasis), dividedBy: Int128(whole))
    }

    /// `value / divisor` rounded to the nearest whole number, halves away from zero (四舍五入).
    static func roundedHalfUp(_ value: Int128, dividedBy divisor: Int128) -> Int64 {
        precondition(divisor > 0)
        let magnitude = (value.magnitude * 2 + divisor.magnitude) / (divisor.magnitude * 2)
        let rounded = Int128(magnitude)
        return Int64(value < 0 ? -rounded : rounded)
    }
}
