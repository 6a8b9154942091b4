import Foundation
import GuanxiCore
import Testing

/// Line money to the fen, checked against Foundation's decimal arithmetic rounded half up (NSDecimalNumber .plain),
/// which shares no code with `LinePricing`.
@Suite("Line pricing")
struct LinePricingTests {
    /// `value` rounded to `scale` decimals, halves away from zero.
    static func rounded(_ value: Decimal, _ scale: Int = 2) -> Decimal {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }

    static func fen(_ value: Decimal) -> Int64 { NSDecimalNumber(decimal: rounded(value * 100, 0)).int64Value }

    /// The reference computation, in yuan as decimals.
    static func reference(_ terms: LineTerms, mode: TaxMode) -> PricedLine {
        let quantity = Decimal(terms.quantityMilli) / 1000
        let list = rounded(quantity * Decimal(terms.unitPrice) / 100)
        let discount: Decimal
        if let percent = terms.discountPercentBasis { discount = rounded(list * Decimal(percent) / 10_000) }
        else { discount = Decimal(terms.discountAmount ?? 0) / 100 }
        let rate = Decimal(terms.taxRateBasis) / 10_000
        let net, tax, gross: Decimal
        switch mode {
        case .inclusive:
            gross = list - discount
            net = rounded(gross / (1 + rate))
            tax = gross - net
        case .exclusive:
            net = list - discount
            tax = rounded(net * rate)
            gross = net + tax
        }
        let cost = rounded(quantity * Decimal(terms.unitCost) / 100)
        return PricedLine(listAmount: fen(list), discount: fen(discount), net: fen(net), tax: fen(tax), gross: fen(gross), cost: fen(cost))
    }

    @Test("random lines: each matches decimal arithmetic, net + tax = gross, totals are the sums of the rounded lines",
          arguments: [TaxMode.inclusive, .exclusive])
    func randomLines(mode: TaxMode) {
        var generator = SeededGenerator(seed: mode == .inclusive ? 17 : 42)
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...8, using: &generator)
            var lines: [PricedLine] = []
            for _ in 0..<count {
                var terms = LineTerms(quantityMilli: Int64.random(in: 1...50_000_000, using: &generator),
                                      unitPrice: Int64.random(in: 0...5_000_000, using: &generator),
                                      taxRateBasis: [0, 300, 600, 900, 1300, 1250].randomElement(using: &generator)!,
                                      unitCost: Int64.random(in: 0...5_000_000, using: &generator))
                switch Int.random(in: 0...2, using: &generator) {
                case 0: terms.discountPercentBasis = Int64.random(in: 0...10_000, using: &generator)
                case 1: terms.discountAmount = Int64.random(in: 0...max(0, LinePricing.listAmount(terms)), using: &generator)
                default: break
                }
                #expect(LinePricing.problems(terms).isEmpty)
                let line = LinePricing.price(terms, mode: mode)
                #expect(line == Self.reference(terms, mode: mode), "\(terms)")
                #expect(line.net + line.tax == line.gross)
                lines.append(line)
            }
            let totals = DocumentTotals(lines)
            #expect(totals.gross == lines.reduce(0) { $0 + $1.gross })
            #expect(totals.net + totals.tax == totals.gross)
            #expect(totals.margin == lines.reduce(0) { $0 + $1.net } - lines.reduce(0) { $0 + $1.cost })
        }
    }

    @Test("a known line: 3 × ¥33.33 less 10 %, 13 % VAT included")
    func knownLine() {
        let terms = LineTerms(quantityMilli: 3000, unitPrice: 3333, discountPercentBasis: 1000, taxRateBasis: 1300, unitCost: 2000)
        let line = LinePricing.price(terms, mode: .inclusive)
        // 99.99 − 10.00 (9.999 rounds up) = 89.99 gross; net 89.99 / 1.13 = 79.637… → 79.64; tax 10.35.
        #expect(line == PricedLine(listAmount: 9999, discount: 1000, net: 7964, tax: 1035, gross: 8999, cost: 6000))
        #expect(line.margin == 1964)
    }

    @Test("bad terms are refused under their field")
    func refusals() {
        func fields(_ terms: LineTerms) -> [String] { LinePricing.problems(terms).map(\.field) }
        #expect(fields(LineTerms(quantityMilli: 0, unitPrice: 100, taxRateBasis: 1300, unitCost: 0)) == ["quantity"])
        #expect(fields(LineTerms(quantityMilli: 1000, unitPrice: -1, taxRateBasis: 1300, unitCost: 0)) == ["unit_price"])
        #expect(fields(LineTerms(quantityMilli: 1000, unitPrice: 100, discountPercentBasis: 10_001, taxRateBasis: 1300, unitCost: 0)) == ["discount_percent"])
        #expect(fields(LineTerms(quantityMilli: 1000, unitPrice: 100, discountAmount: 101, taxRateBasis: 1300, unitCost: 0)) == ["discount_amount"])
        #expect(fields(LineTerms(quantityMilli: 1000, unitPrice: 100, taxRateBasis: 10_001, unitCost: 0)) == ["tax_rate"])
    }

    @Test("quantities and percentages as typed")
    func decimals() {
        #expect(DecimalUnits.parse("1.5", decimals: 3) == 1500)
        #expect(DecimalUnits.parse("0.001", decimals: 3) == 1)
        #expect(DecimalUnits.parse("1.0001", decimals: 3) == nil)
        #expect(DecimalUnits.parse("12.5", decimals: 2) == 1250)
        #expect(DecimalUnits.parse("abc", decimals: 2) == nil)
        #expect(DecimalUnits.parse(".", decimals: 2) == nil)
        #expect(DecimalUnits.format(1500, decimals: 3) == "1.5")
        #expect(DecimalUnits.format(1300, decimals: 2) == "13")
        #expect(DocumentNumber.format(prefix: "Q", year: 2026, sequence: 42) == "Q-2026-00042")
    }
}

/// SplitMix64: a reproducible random sequence, so a failing case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
