import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/settings/company`: what quotes print and how prices are read.
enum CompanySettingsAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/settings/company", operationID: "getCompanySettings", summary: "The company profile and sales settings",
                     tag: "settings", access: .signedIn, reach: .everyone, responses: [.init(.ok, "The settings", schemaName: CompanySettingsBody.schemaName)])) { request in
            try .json(CompanySettingsBody(profile: try await request.companySettings.profile()))
        }
        api.on(.init(.PATCH, "/settings/company", operationID: "updateCompanySettings", summary: "Change the company profile and sales settings",
                     tag: "settings", access: .admin, request: CompanySettingsInputBody.schemaName,
                     responses: [.init(.ok, "The settings", schemaName: CompanySettingsBody.schemaName)], rules: [.init(["order_prefix"], "not the same as quote_prefix")])) { request in
            let body = try request.decodeJSON(CompanySettingsInputBody.self)
            let profile = body.profile(over: try await request.companySettings.profile())
            return try .json(CompanySettingsBody(profile: try await request.companySettings.save(profile, by: request.actor())))
        }
    }

    static let components: [(String, JSONSchema)] = [
        (CompanySettingsBody.schemaName, CompanySettingsBody.schema), (CompanySettingsInputBody.schemaName, CompanySettingsInputBody.schema),
    ]
}

private let settingsFields: [(name: String, schema: JSONSchema)] = [
    ("company_name", .text(CustomerRules.maximumNameLength)), ("address", .text()), ("tax_id", .text(40)), ("phone", .phone),
    ("prices_include_tax", .boolean), ("quote_prefix", .code(CompanyProfile.maximumPrefixLength)),
    ("order_prefix", .code(CompanyProfile.maximumPrefixLength)),
    ("quote_validity_days", .integer(minimum: 1, maximum: CompanyProfile.maximumDays)),
    ("stale_opportunity_days", .integer(minimum: 1, maximum: CompanyProfile.maximumDays)), ("minimum_margin_percent", .percent),
]

struct CompanySettingsBody: Encodable, SchemaDescribed {
    let profile: CompanyProfile

    enum CodingKeys: String, CodingKey {
        case company_name, address, tax_id, phone, prices_include_tax, quote_prefix, order_prefix, quote_validity_days
        case stale_opportunity_days, minimum_margin_percent
    }

    func encode(to encoder: any Encoder) throws {
        let p = profile
        try NullEncoding.encode([
            (CodingKeys.company_name, p.name), (.address, p.address), (.tax_id, p.taxID), (.phone, p.phone),
            (.prices_include_tax, p.taxMode == .inclusive), (.quote_prefix, p.quotePrefix), (.order_prefix, p.orderPrefix),
            (.quote_validity_days, p.quoteValidityDays), (.stale_opportunity_days, p.staleOpportunityDays),
            (.minimum_margin_percent, PercentValue(units: p.minimumMarginBasis)),
        ], nullable: [], to: encoder)
    }

    static let schemaName = "CompanySettings"
    static var schema: JSONSchema { .object(settingsFields, required: settingsFields.map(\.name)) }
}

struct CompanySettingsInputBody: JSONRequestBody {
    let company_name: String?, address: String?, tax_id: String?, phone: String?, prices_include_tax: Bool?
    let quote_prefix: String?, order_prefix: String?, quote_validity_days: Int?, stale_opportunity_days: Int?
    let minimum_margin_percent: PercentValue?

    func profile(over base: CompanyProfile) -> CompanyProfile {
        var p = base
        if let company_name { p.name = company_name }
        if let address { p.address = address }
        if let tax_id { p.taxID = tax_id }
        if let phone { p.phone = phone }
        if let prices_include_tax { p.taxMode = prices_include_tax ? .inclusive : .exclusive }
        if let quote_prefix { p.quotePrefix = quote_prefix }
        if let order_prefix { p.orderPrefix = order_prefix }
        if let quote_validity_days { p.quoteValidityDays = quote_validity_days }
        if let stale_opportunity_days { p.staleOpportunityDays = stale_opportunity_days }
        if let minimum_margin_percent { p.minimumMarginBasis = minimum_margin_percent.units }
        return p
    }

    static var acceptedKeys: Set<String> { Set(settingsFields.map(\.name)) }
    static let schemaName = "CompanySettingsInput"
    static var schema: JSONSchema { .object(settingsFields, required: []) }
}
