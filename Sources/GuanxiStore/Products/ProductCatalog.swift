import Fluent
import Foundation
import GuanxiCore

/// Products we sell, our own and agent products. Everyone reads the catalog; administrators and managers maintain it.
public struct ProductCatalog: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Draft: Sendable {
        public var sku = ""
        public var name = ""
        public var category = ""
        public var unit = ""
        public var listPrice: Int64 = 0
        public var unitCost: Int64 = 0
        public var brand = ""
        public var manufacturer = ""
        public var isAgentProduct = false
        /// YYYY-MM-DD or empty.
        public var launchDate = ""
        public var active = true
        /// Hundredths of a percent; nil: the general rate.
        public var taxRateBasis: Int64?
        public init() {}
    }

    public func products(search: String?, category: String?, after cursor: PageCursor?, limit: Int) async throws -> Page<Product> {
        var query = Product.query(on: database)
        if let category, !category.isEmpty { query = query.filter(\.$category == category) }
        if let search = search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let pattern = "%" + SubstringSearch.escapeLike(search.lowercased()) + "%"
            query = query.group(.or) { or in
                or.filter(.sql(embed: "LOWER(\(ident: "name")) LIKE \(bind: pattern) ESCAPE '\\'"))
                or.filter(.sql(embed: "LOWER(\(ident: "sku")) LIKE \(bind: pattern) ESCAPE '\\'"))
            }
        }
        return try await query.page(after: cursor, limit: limit)
    }

    public func product(id: Int64) async throws -> Product {
        guard let product = try await Product.find(id, on: database) else { throw GuanxiError.notFound(entity: "product") }
        return product
    }

    public func create(_ draft: Draft, by actor: Actor) async throws -> Product {
        try Self.requireCatalogEditor(actor)
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            try await Self.requireUniqueSKU(draft.sku, except: nil, on: db)
            let product = Product()
            Self.apply(draft, to: product)
            try await product.createAudited(by: actor, at: now, on: db)
            return product
        }
    }

    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> Product {
        try Self.requireCatalogEditor(actor)
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            guard let product = try await Product.find(id, on: db) else { throw GuanxiError.notFound(entity: "product") }
            try await Self.requireUniqueSKU(draft.sku, except: id, on: db)
            try await product.updateAudited(version: version, by: actor, at: now, on: db) { Self.apply(draft, to: product) }
            return product
        }
    }

    public func delete(id: Int64, by actor: Actor) async throws {
        try Self.requireCatalogEditor(actor)
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let product = try await Product.find(id, on: db) else { throw GuanxiError.notFound(entity: "product") }
            try await product.deleteAudited(naming: "sku", product.sku, by: actor, at: now, on: db)
        }
    }

    public static func canEdit(_ actor: Actor) -> Bool { actor.role == .admin || actor.role == .manager }

    public static func requireEditor(_ actor: Actor) throws { try requireCatalogEditor(actor) }

    static func requireCatalogEditor(_ actor: Actor) throws {
        guard canEdit(actor) else { throw GuanxiError.forbidden }
    }

    static func requireUniqueSKU(_ sku: String, except id: Int64?, on db: any Database) async throws {
        var query = Product.query(on: db).filter(\.$sku == sku)
        if let id { query = query.filter(\.$id != id) }
        if try await query.first() != nil {
            var problems = FieldProblems()
            problems["sku"] = .alreadyTaken
            throw GuanxiError.invalid(problems)
        }
    }

    /// The longest SKU, and the longest category, unit, brand or manufacturer.
    public static let maximumSKULength = 64
    public static let maximumLabelLength = 100

    /// The rules of a product, shared by the form, the API and the import: the draft tidied, and each refused field
    /// by its field name.
    static func checked(_ draft: Draft) -> (draft: Draft, problems: FieldProblems) {
        var draft = draft
        var problems = FieldProblems()
        draft.sku = draft.sku.trimmingCharacters(in: .whitespaces)
        draft.name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.category = draft.category.trimmingCharacters(in: .whitespaces)
        draft.unit = draft.unit.trimmingCharacters(in: .whitespaces)
        draft.brand = draft.brand.trimmingCharacters(in: .whitespaces)
        draft.manufacturer = draft.manufacturer.trimmingCharacters(in: .whitespaces)
        draft.launchDate = draft.launchDate.trimmingCharacters(in: .whitespaces)
        if draft.sku.isEmpty { problems["sku"] = .required }
        else if draft.sku.count > maximumSKULength { problems["sku"] = .tooLong(maximum: maximumSKULength) }
        else if CustomerRules.hasControlCharacter(draft.sku, allowingLineBreaks: false) { problems["sku"] = .controlCharacter }
        problems["name"] = CustomerRules.check(name: draft.name)
        problems["category"] = CustomerRules.check(text: draft.category, maximum: maximumLabelLength)
        problems["unit"] = CustomerRules.check(text: draft.unit, maximum: maximumLabelLength)
        problems["brand"] = CustomerRules.check(text: draft.brand, maximum: maximumLabelLength)
        problems["manufacturer"] = CustomerRules.check(text: draft.manufacturer, maximum: maximumLabelLength)
        if draft.listPrice < 0 { problems["list_price"] = .invalidAmount }
        if draft.unitCost < 0 { problems["unit_cost"] = .invalidAmount }
        if !draft.launchDate.isEmpty, DayParser.parse(draft.launchDate) == nil { problems["launch_date"] = .invalidDate }
        if let rate = draft.taxRateBasis, !(0...LinePricing.wholeBasis).contains(rate) { problems["tax_rate"] = .percentOutOfRange }
        return (draft, problems)
    }

    static func validated(_ draft: Draft) throws -> Draft {
        let (draft, problems) = checked(draft)
        try problems.throwIfAny()
        return draft
    }

    static func apply(_ draft: Draft, to product: Product) {
        product.sku = draft.sku
        product.name = draft.name
        product.category = draft.category.trimmingCharacters(in: .whitespaces)
        product.unit = draft.unit.trimmingCharacters(in: .whitespaces)
        product.listPrice = draft.listPrice
        product.unitCost = draft.unitCost
        product.brand = draft.brand.trimmingCharacters(in: .whitespaces)
        product.manufacturer = draft.manufacturer.trimmingCharacters(in: .whitespaces)
        product.isAgentProduct = draft.isAgentProduct
        product.launchDate = draft.launchDate.isEmpty ? nil : draft.launchDate
        product.active = draft.active
        product.taxRateBasis = draft.taxRateBasis
    }

}

extension Product: AuditedRecord {
    static var auditEntity: String { "product" }

    var auditSnapshot: [String: String?] {
        ["sku": sku, "name": name, "category": category, "unit": unit,
         "list_price": MinorUnits.format(listPrice), "unit_cost": MinorUnits.format(unitCost),
         "brand": brand, "manufacturer": manufacturer, "is_agent_product": String(isAgentProduct),
         "launch_date": launchDate, "active": String(active),
         "tax_rate": taxRateBasis.map { DecimalUnits.format($0, decimals: 2) }]
    }
}
