import Fluent
import Foundation
import GuanxiCore

/// A line as a form, the API or an import writes it: a product or a free description, and terms that default from
/// the product where left out.
public struct LineDraft: Sendable, Equatable {
    public var productID: Int64?
    public var description = ""
    public var quantityMilli: Int64 = 1000
    /// nil: the product's list price.
    public var unitPrice: Int64?
    public var discountPercentBasis: Int64?
    public var discountAmount: Int64?
    /// nil: the product's rate, else 13 %.
    public var taxRateBasis: Int64?
    /// nil: the product's unit cost at this moment (0 for a free-text line).
    public var unitCost: Int64?
    public init() {}
}

/// A line whose product is known, terms complete and money computed.
public struct ResolvedLine: Sendable, Equatable {
    public let productID: Int64?
    public let description: String
    public let terms: LineTerms
    public let priced: PricedLine
}

/// The columns a quote line and an order line share, and how a resolved line fills them.
public protocol SalesLineRecord: AnyObject {
    var position: Int { get set }
    var productID: Int64? { get set }
    var lineDescription: String { get set }
    var quantityMilli: Int64 { get set }
    var unitPrice: Int64 { get set }
    var discountPercentBasis: Int64? { get set }
    var discountAmount: Int64? { get set }
    var taxRateBasis: Int64 { get set }
    var unitCost: Int64 { get set }
    var discountTotal: Int64 { get set }
    var netAmount: Int64 { get set }
    var taxAmount: Int64 { get set }
    var grossAmount: Int64 { get set }
    var costAmount: Int64 { get set }
}

extension SalesLineRecord {
    func fill(with line: ResolvedLine, position: Int) {
        self.position = position
        productID = line.productID
        lineDescription = line.description
        quantityMilli = line.terms.quantityMilli
        unitPrice = line.terms.unitPrice
        discountPercentBasis = line.terms.discountPercentBasis
        discountAmount = line.terms.discountAmount
        taxRateBasis = line.terms.taxRateBasis
        unitCost = line.terms.unitCost
        discountTotal = line.priced.discount
        netAmount = line.priced.net
        taxAmount = line.priced.tax
        grossAmount = line.priced.gross
        costAmount = line.priced.cost
    }

    public var priced: PricedLine {
        PricedLine(listAmount: netAmount + discountTotal, discount: discountTotal, net: netAmount, tax: taxAmount,
                   gross: grossAmount, cost: costAmount)
    }

    /// The line as it was resolved, to copy onto another document unchanged (a quote's lines onto its order).
    var resolved: ResolvedLine {
        ResolvedLine(productID: productID, description: lineDescription,
                     terms: LineTerms(quantityMilli: quantityMilli, unitPrice: unitPrice, discountPercentBasis: discountPercentBasis,
                                      discountAmount: discountAmount, taxRateBasis: taxRateBasis, unitCost: unitCost),
                     priced: PricedLine(listAmount: 0, discount: discountTotal, net: netAmount, tax: taxAmount,
                                        gross: grossAmount, cost: costAmount))
    }

    /// The draft that reproduces this line with its own prices and cost (a revision starts from it).
    public var draft: LineDraft {
        var draft = LineDraft()
        draft.productID = productID
        draft.description = lineDescription
        draft.quantityMilli = quantityMilli
        draft.unitPrice = unitPrice
        draft.discountPercentBasis = discountPercentBasis
        draft.discountAmount = discountAmount
        draft.taxRateBasis = taxRateBasis
        draft.unitCost = unitCost
        return draft
    }
}

/// The rules of lines, the same for quotes, orders and imports.
public enum SalesLineRules {
    public static let maximumLines = 500
    public static let maximumDescriptionLength = 500

    /// Resolves every line against the catalog (one query), refusing all bad terms at once under `lines.N.field`.
    static func resolve(_ drafts: [LineDraft], mode: TaxMode, on db: any Database) async throws -> [ResolvedLine] {
        var problems = FieldProblems()
        if drafts.isEmpty { problems["lines"] = .required }
        if drafts.count > maximumLines { problems["lines"] = .tooMany(maximum: maximumLines) }
        try problems.throwIfAny()
        let ids = Array(Set(drafts.compactMap(\.productID)))
        let products = ids.isEmpty ? [] : try await Product.query(on: db).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: products.compactMap { product in product.id.map { ($0, product) } })
        var lines: [ResolvedLine] = []
        for (index, draft) in drafts.enumerated() {
            let (line, lineProblems) = resolve(draft, product: draft.productID.flatMap { byID[$0] }, mode: mode)
            for (field, problem) in lineProblems.problems { problems["lines.\(index).\(field)"] = problem }
            if let line { lines.append(line) }
        }
        try problems.throwIfAny()
        return lines
    }

    /// One line: resolved, or its problems by field.
    public static func resolve(_ draft: LineDraft, product: Product?, mode: TaxMode) -> (ResolvedLine?, FieldProblems) {
        var problems = FieldProblems()
        let description = draft.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if draft.productID != nil {
            if product == nil { problems["product_id"] = .unknownReference }
            else if product?.active == false { problems["product_id"] = .inactiveProduct }
        } else if description.isEmpty {
            problems["description"] = .required
        }
        problems["description"] = problems["description"] ?? CustomerRules.check(text: description, maximum: maximumDescriptionLength)
        let terms = LineTerms(quantityMilli: draft.quantityMilli, unitPrice: draft.unitPrice ?? product?.listPrice ?? 0,
                              discountPercentBasis: draft.discountPercentBasis, discountAmount: draft.discountAmount,
                              taxRateBasis: draft.taxRateBasis ?? product?.taxRateBasis ?? LinePricing.defaultTaxRateBasis,
                              unitCost: draft.unitCost ?? product?.unitCost ?? 0)
        for (field, problem) in LinePricing.problems(terms) where problems[field] == nil { problems[field] = fieldProblem(problem) }
        guard problems.isEmpty else { return (nil, problems) }
        let name = description.isEmpty ? product?.name ?? "" : description
        return (ResolvedLine(productID: draft.productID, description: name, terms: terms, priced: LinePricing.price(terms, mode: mode)), problems)
    }

    static func fieldProblem(_ problem: LinePricing.Problem) -> FieldProblem {
        switch problem {
        case .quantityNotPositive: .mustBePositive
        case .quantityTooLarge: .tooLarge(maximum: DecimalUnits.format(LinePricing.maximumQuantityMilli, decimals: 3))
        case .negativePrice, .negativeCost: .invalidAmount
        case .priceTooLarge, .costTooLarge: .tooLarge(maximum: MinorUnits.format(LinePricing.maximumUnitPrice))
        case .discountOutOfRange, .taxRateOutOfRange: .percentOutOfRange
        case .discountAboveAmount: .discountAboveAmount
        case .bothDiscounts: .notTogetherWith("discount_percent")
        }
    }
}
