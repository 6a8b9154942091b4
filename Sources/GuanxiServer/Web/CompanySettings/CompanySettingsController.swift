import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The company profile for administrators: the letterhead printed on quotes and the rules every sale follows
/// (VAT included or not, document prefixes, quote validity, staleness, minimum margin).
struct CompanySettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.companySettings, use: show)
        routes.post(.companySettings, use: save)
    }

    struct SettingsForm: Content {
        var company_name: String?, address: String?, tax_id: String?, phone: String?, prices_include_tax: String?
        var quote_prefix: String?, order_prefix: String?, quote_validity_days: String?, stale_opportunity_days: String?
        var minimum_margin_percent: String?

        init(_ profile: CompanyProfile) {
            company_name = profile.name; address = profile.address; tax_id = profile.taxID; phone = profile.phone
            prices_include_tax = profile.taxMode == .inclusive ? "true" : nil
            quote_prefix = profile.quotePrefix; order_prefix = profile.orderPrefix
            quote_validity_days = String(profile.quoteValidityDays); stale_opportunity_days = String(profile.staleOpportunityDays)
            minimum_margin_percent = MinorUnits.format(profile.minimumMarginBasis)
        }

        func profile(_ problems: inout FieldProblems) -> CompanyProfile {
            var profile = CompanyProfile()
            profile.name = company_name ?? ""; profile.address = address ?? ""; profile.taxID = tax_id ?? ""; profile.phone = phone ?? ""
            profile.taxMode = prices_include_tax == "true" ? .inclusive : .exclusive
            profile.quotePrefix = quote_prefix ?? ""; profile.orderPrefix = order_prefix ?? ""
            profile.quoteValidityDays = FormNumber.integer(quote_validity_days, field: "quote_validity_days", empty: 0, into: &problems)
            profile.staleOpportunityDays = FormNumber.integer(stale_opportunity_days, field: "stale_opportunity_days", empty: 0, into: &problems)
            profile.minimumMarginBasis = FormNumber.percent(minimum_margin_percent, field: "minimum_margin_percent", into: &problems) ?? 0
            return profile
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try form(request, values: SettingsForm(try await request.companySettings.profile()), problems: FieldProblems(), status: .ok)
    }

    @Sendable func save(_ request: Request) async throws -> Response {
        let values = try request.content.decode(SettingsForm.self)
        var problems = FieldProblems()
        let profile = values.profile(&problems)
        do {
            try problems.throwIfAny()
            let saved = try await request.companySettings.save(profile, by: try request.actor())
            return request.redirect(to: SitePath.companySettings, flash: .settingsSaved, name: saved.name)
        } catch GuanxiError.invalid(let refused) {
            var all = refused
            for (field, problem) in problems.problems { all[field] = problem }
            return try form(request, values: values, problems: all)
        }
    }

    private func form(_ request: Request, values: SettingsForm, problems: FieldProblems, status: HTTPStatus = .unprocessableEntity) throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let content: HTML = """
        <div class="card">\(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(SitePath.companySettings)" id="settings-form">\(context.csrfField)
          <div class="grid-form">
            \(Form.text("company_name", label: l[.companyName], value: values.company_name ?? "", errors: errors))
            \(Form.text("tax_id", label: l[.companyTaxIDLabel], value: values.tax_id ?? "", errors: errors))
            \(Form.text("phone", label: l[.companyPhone], value: values.phone ?? "", errors: errors))
          </div>
          \(Form.textarea("address", label: l[.companyAddress], value: values.address ?? "", errors: errors, rows: 2))
          \(Form.checkbox("prices_include_tax", label: l[.pricesIncludeTaxOption], checked: values.prices_include_tax == "true"))
          <div class="grid-form">
            \(Form.text("quote_prefix", label: l[.quotePrefix], value: values.quote_prefix ?? "", errors: errors, required: true))
            \(Form.text("order_prefix", label: l[.orderPrefix], value: values.order_prefix ?? "", errors: errors, required: true))
            \(Form.text("quote_validity_days", label: l[.quoteValidityDays], value: values.quote_validity_days ?? "", errors: errors, type: "number"))
            \(Form.text("stale_opportunity_days", label: l[.staleOpportunityDays], value: values.stale_opportunity_days ?? "", errors: errors, type: "number"))
            \(Form.text("minimum_margin_percent", label: l[.minimumMarginPercent], value: values.minimum_margin_percent ?? "", errors: errors))
          </div>
          <div class="form-actions"><button type="submit" id="save-settings">\(l[.save])</button>\
        <a class="button ghost" href="\(SitePath.stages)">\(l[.navStages])</a>\
        <a class="button ghost" href="\(SitePath.salesChannels)">\(l[.navSalesChannels])</a></div>
        </form></div>
        """
        let response = Layout.page(l[.companySettingsTitle], context, content: content)
        response.status = status
        return response
    }
}
