import Fluent
import Foundation
import GuanxiCore

/// One stored company setting.
final class CompanySetting: Model, @unchecked Sendable {
    static let schema = "company_settings"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String

    init() {}

    init(key: String, value: String) {
        self.id = key
        self.value = value
    }
}

/// What the company tells Guanxi about itself and how it sells: printed on quotes, used by every price. Kept in the
/// database, so every instance reads the same; administrators change it.
public struct CompanyProfile: Sendable, Equatable {
    public var name = ""
    public var address = ""
    public var taxID = ""
    public var phone = ""
    /// Whether prices include VAT (含税).
    public var taxMode: TaxMode = .inclusive
    public var quotePrefix = DocumentKind.quote.defaultPrefix
    public var orderPrefix = DocumentKind.order.defaultPrefix
    /// Days a new quote stays valid.
    public var quoteValidityDays = 30
    /// An open opportunity without activity for this many days is stale.
    public var staleOpportunityDays = 30
    /// Lines below this margin (hundredths of a percent of net) are flagged on quotes and orders.
    public var minimumMarginBasis: Int64 = 1000

    public init() {}

    public func prefix(_ kind: DocumentKind) -> String {
        switch kind {
        case .quote: quotePrefix
        case .order: orderPrefix
        }
    }

    /// The largest quote validity or staleness period, in days.
    public static let maximumDays = 3650
    public static let maximumPrefixLength = 10

    /// The profile's rules: each refused field by its API name.
    static func checked(_ profile: CompanyProfile) -> (CompanyProfile, FieldProblems) {
        var profile = profile
        var problems = FieldProblems()
        profile.name = profile.name.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.address = profile.address.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.taxID = profile.taxID.trimmingCharacters(in: .whitespaces)
        profile.phone = profile.phone.trimmingCharacters(in: .whitespaces)
        profile.quotePrefix = profile.quotePrefix.trimmingCharacters(in: .whitespaces)
        profile.orderPrefix = profile.orderPrefix.trimmingCharacters(in: .whitespaces)
        problems["company_name"] = CustomerRules.check(text: profile.name, maximum: CustomerRules.maximumNameLength)
        problems["address"] = CustomerRules.check(text: profile.address)
        problems["tax_id"] = CustomerRules.check(text: profile.taxID, maximum: 40)
        problems["phone"] = CustomerRules.check(phone: profile.phone)
        for (field, prefix) in [("quote_prefix", profile.quotePrefix), ("order_prefix", profile.orderPrefix)] {
            if prefix.isEmpty { problems[field] = .required }
            else if prefix.count > maximumPrefixLength { problems[field] = .tooLong(maximum: maximumPrefixLength) }
            else if !prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { problems[field] = .notAllowed }
        }
        if profile.quotePrefix == profile.orderPrefix, problems["order_prefix"] == nil { problems["order_prefix"] = .alreadyTaken }
        if !(1...maximumDays).contains(profile.quoteValidityDays) { problems["quote_validity_days"] = .outOfRange(minimum: 1, maximum: maximumDays) }
        if !(1...maximumDays).contains(profile.staleOpportunityDays) { problems["stale_opportunity_days"] = .outOfRange(minimum: 1, maximum: maximumDays) }
        if !(0...LinePricing.wholeBasis).contains(profile.minimumMarginBasis) { problems["minimum_margin_percent"] = .percentOutOfRange }
        return (profile, problems)
    }
}

/// Reads and saves the company profile.
public struct CompanySettings: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public func profile() async throws -> CompanyProfile {
        try await Self.profile(on: database)
    }

    static func profile(on db: any Database) async throws -> CompanyProfile {
        let stored = try await CompanySetting.query(on: db).all()
        var values: [String: String] = [:]
        for row in stored { if let key = row.id { values[key] = row.value } }
        var profile = CompanyProfile()
        profile.name = values["company_name"] ?? profile.name
        profile.address = values["address"] ?? profile.address
        profile.taxID = values["tax_id"] ?? profile.taxID
        profile.phone = values["phone"] ?? profile.phone
        profile.taxMode = values["tax_mode"].flatMap(TaxMode.init(rawValue:)) ?? profile.taxMode
        profile.quotePrefix = values["quote_prefix"] ?? profile.quotePrefix
        profile.orderPrefix = values["order_prefix"] ?? profile.orderPrefix
        profile.quoteValidityDays = values["quote_validity_days"].flatMap { Int($0) } ?? profile.quoteValidityDays
        profile.staleOpportunityDays = values["stale_opportunity_days"].flatMap { Int($0) } ?? profile.staleOpportunityDays
        profile.minimumMarginBasis = values["minimum_margin_basis"].flatMap { Int64($0) } ?? profile.minimumMarginBasis
        return profile
    }

    /// Saves the profile (administrators only), auditing each value that changed.
    public func save(_ profile: CompanyProfile, by actor: Actor) async throws -> CompanyProfile {
        guard actor.role == .admin else { throw GuanxiError.forbidden }
        let (profile, problems) = CompanyProfile.checked(profile)
        try problems.throwIfAny()
        let now = clock.now()
        return try await database.writeTransaction { db in
            let before = try await Self.profile(on: db)
            var changes = ChangeSet()
            for (key, old, new) in Self.pairs(before, profile) where old != new {
                changes.note(key, from: old, to: new)
                if let row = try await CompanySetting.find(key, on: db) {
                    row.value = new
                    try await row.update(on: db)
                } else {
                    try await CompanySetting(key: key, value: new).create(on: db)
                }
            }
            if !changes.isEmpty {
                try await AuditLog.record(.update, entity: "company_settings", id: 1, changes: changes, by: actor, at: now, on: db)
            }
            return profile
        }
    }

    private static func pairs(_ a: CompanyProfile, _ b: CompanyProfile) -> [(String, String, String)] {
        [("company_name", a.name, b.name), ("address", a.address, b.address), ("tax_id", a.taxID, b.taxID),
         ("phone", a.phone, b.phone), ("tax_mode", a.taxMode.rawValue, b.taxMode.rawValue),
         ("quote_prefix", a.quotePrefix, b.quotePrefix), ("order_prefix", a.orderPrefix, b.orderPrefix),
         ("quote_validity_days", String(a.quoteValidityDays), String(b.quoteValidityDays)),
         ("stale_opportunity_days", String(a.staleOpportunityDays), String(b.staleOpportunityDays)),
         ("minimum_margin_basis", String(a.minimumMarginBasis), String(b.minimumMarginBasis))]
    }
}
