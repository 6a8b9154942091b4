import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer list, the customer form and the lifecycle actions (trash, restore, merge) in the browser.
struct CustomersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.customers, use: list)
        routes.get(.customerNew, use: newForm)
        routes.post(.customers, use: create)
        routes.get(.customerExport, use: export)
        routes.get(.customer(SitePath.anyID), use: CustomerPage.show)
        routes.get(.customerEdit(SitePath.anyID), use: editForm)
        routes.post(.customer(SitePath.anyID), use: update)
        routes.post(.customerDelete(SitePath.anyID), use: delete)
        routes.post(.customerRestore(SitePath.anyID), use: restore)
        routes.post(.customerMerge(SitePath.anyID), use: merge)
        routes.get(.customerPersonalData(SitePath.anyID), use: personalData)
        routes.post(.customerErase(SitePath.anyID), use: erase)
    }

    struct CustomerForm: Content {
        var kind: String?
        var name: String?
        var industry: String?
        var region: String?
        var address: String?
        var phone: String?
        var email: String?
        var website: String?
        var source: String?
        var owner_id: String?
        var stage: String?
        var tags: String?
        var custom_fields: String?
        var annual_category_spend: String?
        var marketing_consent: String?
        var allow_duplicate: String?
        var version: Int?
    }

    // MARK: List

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let actor = try request.actor()
        let timeZone = request.guanxi.settings.timeZone
        let filter: CustomerFilter
        var banner: String?
        do { filter = try await request.customerFilter() } catch let problem as RequestProblem {
            if case .badQuery(let name, let message) = problem { banner = "\(name): \(message)" }
            filter = CustomerFilter()
        }
        let cursor = try? request.pageRequest().cursor
        let page = try await request.customers.list(filter, after: cursor ?? nil, limit: 50, by: actor)
        let users = try await User.query(on: request.db).sort(\.$displayName).all()
        let names = Dictionary(users.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { a, _ in a })
        let format = WebFormat(timeZone: timeZone)
        let segments = try await request.segments.segments()
        let sales = try await CustomerSalesLedger.figures(of: page.items.map(\.id), on: request.db)

        let inTrash = filter.deleted
        let rows: [HTML] = page.items.map { customer in
            let id = customer.id
            let tagPills: [HTML] = customer.tags.map { "<span class=\"pill\">\($0)</span> " }
            // The trash lists only customers one may change, so every row may be restored.
            let lastColumn: HTML = if inTrash {
                """
                <td class="muted">\(format.dateTime(customer.deletedAt))\
                \(customer.mergedIntoID.map { HTML("<div class=\"merged-note\">\(l[.mergedInto]) <a href=\"\(SitePath.customer($0))\">#\($0)</a></div>") } ?? HTML.empty)</td>
                <td><form class="inline" method="post" action="\(SitePath.customerRestore(id))">\(context.csrfField)<button type="submit" class="ghost restore-row">\(l[.restore])</button></form></td>
                """
            } else {
                "<td class=\"muted\">\(format.dateTime(customer.lastInteractionAt))</td>\(SalesFormat.cell(sales[id]?.revenue ?? 0))"
            }
            return """
            <tr data-id="\(id)">
              <td><a href="\(SitePath.customer(id))" class="customer-link">\(customer.name)</a><div class="muted">\(l.kindName(customer.kind))\(customer.industry.isEmpty ? "" : " · " + customer.industry)</div></td>
              <td>\(customer.phone)<div class="muted">\(customer.email)</div></td>
              <td>\(customer.region)</td>
              <td><span class="pill">\(l.stageName(customer.stage))</span> \(tagPills)</td>
              <td>\(customer.ownerID.flatMap { names[$0] } ?? l[.none])</td>
              \(lastColumn)
            </tr>
            """
        }
        let parameters = filter.parameters(timeZone: timeZone)
        let query = parameters.map { "\($0.0)=\(CustomerFilter.escape($0.1))" }.joined(separator: "&")
        let value = { (name: String) in parameters.first { $0.0 == name }?.1 ?? "" }
        let stageOptions = [("", l[.allStages])] + LifecycleStage.allCases.map { ($0.rawValue, l.stageName($0)) }
        let kindOptions = [("", l[.allKinds])] + CustomerKind.allCases.map { ($0.rawValue, l.kindName($0)) }
        let ownerOptions = [("", l[.allOwners])] + users.filter(\.active).map { (String($0.id ?? 0), $0.displayName) }
        let sortOptions: [(String, String)] = [("newest", l[.sortNewest]), ("oldest", l[.sortOldest]), ("name", l[.sortName]), ("-name", l[.sortNameDesc]),
                                                ("pinyin", l[.sortPinyin]), ("-pinyin", l[.sortPinyinDesc])]
        let segmentLinks: [HTML] = segments.map { segment in
            "<a class=\"button ghost\" href=\"\(SitePath.customers)?segment_id=\(segment.id ?? 0)\">\(segment.name)</a> "
        }
        let noErrors: [String: String] = [:]
        // A segment is a view of live customers; the trash offers none.
        let saveSegment: HTML = """
          <form method="post" action="\(SitePath.segments)" class="filters" id="save-segment">
            \(context.csrfField)<input type="hidden" name="filter" value="\(query)">
            \(Form.text("name", label: l[.segmentName], value: "", errors: noErrors))
            <button type="submit" class="ghost">\(l[.saveAsSegment])</button>
          </form>
        """
        let content: HTML = """
        \(Form.banner(banner))
        <div class="toolbar">
          <form method="get" action="\(SitePath.customers)" class="filters" id="customer-search">
            \(Form.text("q", label: l[.search], value: value("q"), errors: noErrors, type: "search"))
            \(Form.select("stage", label: l[.stage], options: stageOptions, selected: value("stage"), errors: noErrors))
            \(Form.select("owner_id", label: l[.owner], options: ownerOptions, selected: value("owner_id"), errors: noErrors))
            \(Form.select("sort", label: l[.sortBy], options: sortOptions, selected: value("sort").isEmpty ? "newest" : value("sort"), errors: noErrors))
            \(inTrash ? HTML("<input type=\"hidden\" name=\"deleted\" value=\"true\">") : HTML.empty)
            <button type="submit" id="apply-filters">\(l[.applyFilters])</button>
            <details class="more"><summary>\(l[.filters])</summary>
              <div class="filters">
                \(Form.select("kind", label: l[.customerKind], options: kindOptions, selected: value("kind"), errors: noErrors))
                \(Form.text("industry", label: l[.industry], value: value("industry"), errors: noErrors))
                \(Form.text("region", label: l[.region], value: value("region"), errors: noErrors))
                \(Form.text("tag", label: l[.tags], value: value("tag"), errors: noErrors))
                \(Form.text("source", label: l[.source], value: value("source"), errors: noErrors))
                \(Form.text("created_from", label: l[.createdFrom], value: value("created_from"), errors: noErrors, type: "date"))
                \(Form.text("created_to", label: l[.createdTo], value: value("created_to"), errors: noErrors, type: "date"))
                \(Form.text("last_interaction_from", label: l[.lastInteractionFrom], value: value("last_interaction_from"), errors: noErrors, type: "date"))
                \(Form.text("last_interaction_to", label: l[.lastInteractionTo], value: value("last_interaction_to"), errors: noErrors, type: "date"))
              </div>
            </details>
          </form>
          \(inTrash ? HTML("<a class=\"button ghost\" id=\"back-to-customers\" href=\"\(SitePath.customers)\">\(l[.customersTitle])</a>") : HTML("<a class=\"button\" id=\"new-customer\" href=\"\(SitePath.customerNew)\">\(l[.newCustomer])</a>"))
        </div>
        \(segmentLinks.isEmpty ? HTML.empty : HTML("<div class=\"toolbar\"><span class=\"muted\">\(l[.segmentsTitle]):</span><div>\(segmentLinks)</div></div>"))
        <div class="table-card"><table id="customers-table">
          <thead><tr><th>\(l[.customerName])</th><th>\(l[.phone])</th><th>\(l[.region])</th><th>\(l[.stage])</th><th>\(l[.owner])</th>\
        \(inTrash ? HTML("<th>\(l[.deletedAtColumn])</th><th>\(l[.actions])</th>") : HTML("<th>\(l[.lastInteraction])</th><th class=\"num\">\(l[.lifetimeRevenue])</th>"))</tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"7\" class=\"muted\">\(l[.noCustomers])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        \(Pager.links(next: page.next, l: l, base: SitePath.customers.description, isFirst: request.query[String.self, at: "after"] == nil, extraQuery: query))
        <div class="toolbar spaced">
          <div>
            <span class="muted">\(l[.export]):</span>
            <a class="button ghost" id="export-csv" href="\(SitePath.customerExport)?\(query)">\(l[.exportCSV])</a>
            <a class="button ghost" id="export-gb" href="\(SitePath.customerExport)?\(query.isEmpty ? "" : query + "&")encoding=gb18030">\(l[.exportGB])</a>
            <a class="button ghost" href="\(SitePath.customerExport)?\(query.isEmpty ? "" : query + "&")format=json">\(l[.exportJSON])</a>
            \(inTrash ? HTML.empty : HTML("<a class=\"button ghost\" id=\"open-trash\" href=\"\(SitePath.customers)?deleted=true\">\(l[.trash])</a>"))
          </div>
          \(inTrash ? HTML.empty : saveSegment)
        </div>
        """
        let response = Layout.page(filter.deleted ? l[.trash] : l[.customersTitle], context, content: content)
        if banner != nil { response.status = .badRequest }
        return response
    }

    @Sendable func export(_ request: Request) async throws -> Response {
        try await CustomerExport.response(request)
    }

    // MARK: Create and edit

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try await form(request, customer: nil, values: CustomerForm(kind: "company", stage: "lead"), errors: FieldProblems(), banner: nil)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try request.content.decode(CustomerForm.self)
        let actor = try request.actor()
        var problems = FieldProblems()
        let draft = Self.draft(values, &problems)
        do {
            if !problems.isEmpty {
                for (field, problem) in CustomerBook.problems(in: draft).problems where problems[field] == nil { problems[field] = problem }
                throw GuanxiError.invalid(problems)
            }
            let customer = try await request.customers.create(draft, allowDuplicate: values.allow_duplicate == "true", by: actor)
            return request.redirect(to: SitePath.customer(customer.id ?? 0), flash: .customerCreated, name: customer.name)
        } catch GuanxiError.invalid(let problems) {
            return try await form(request, customer: nil, values: values, errors: problems, banner: request.localizer[.errValidation],
                                  status: .unprocessableEntity)
        } catch GuanxiError.duplicate(let candidates) {
            let matches = try await Customer.query(on: request.db).filter(\.$id ~~ candidates).all()
            return try await form(request, customer: nil, values: values, errors: FieldProblems(), banner: nil, duplicates: matches,
                                  status: .conflict)
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        let customer = try await request.customers.customer(id: try request.idParameter(), by: actor)
        guard try await request.customers.canWrite(customer, by: actor) else { throw GuanxiError.forbidden }
        let tags = try await CustomerBook.tags(of: [customer.id ?? 0], on: request.db)[customer.id ?? 0] ?? []
        let values = CustomerForm(
            kind: customer.kind.rawValue, name: customer.name, industry: customer.industry, region: customer.region, address: customer.address,
            phone: customer.phone, email: customer.email, website: customer.website, source: customer.source,
            owner_id: customer.$owner.id.map(String.init), stage: customer.stage.rawValue, tags: tags.joined(separator: ", "),
            custom_fields: customer.customFields.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n"),
            annual_category_spend: customer.annualCategorySpend.map(MinorUnits.format), marketing_consent: customer.marketingConsent ? "true" : nil,
            version: customer.version)
        return try await form(request, customer: customer, values: values, errors: FieldProblems(), banner: nil)
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(CustomerForm.self)
        let actor = try request.actor()
        let existing = try await request.customers.customer(id: id, by: actor)
        var problems = FieldProblems()
        let draft = Self.draft(values, &problems)
        do {
            if !problems.isEmpty {
                for (field, problem) in CustomerBook.problems(in: draft).problems where problems[field] == nil { problems[field] = problem }
                throw GuanxiError.invalid(problems)
            }
            var changes = CustomerChanges(all: draft)
            if !actor.access.assignsOwners { changes.ownerID = nil }
            let customer = try await request.customers.update(id: id, version: values.version ?? 0, changes, by: actor)
            return request.redirect(to: SitePath.customer(id), flash: .customerUpdated, name: customer.name)
        } catch GuanxiError.invalid(let problems) {
            return try await form(request, customer: existing, values: values, errors: problems, banner: request.localizer[.errValidation],
                                  status: .unprocessableEntity)
        } catch let error as GuanxiError where error != .forbidden {
            return try await form(request, customer: existing, values: values, errors: FieldProblems(),
                                  banner: ErrorText.message(for: error, request.localizer), status: ErrorText.status(for: error))
        }
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        try await request.customers.delete(id: try request.idParameter(), by: request.actor())
        return request.redirect(to: SitePath.customers, flash: .customerDeleted)
    }

    @Sendable func restore(_ request: Request) async throws -> Response {
        let customer = try await request.customers.restore(id: try request.idParameter(), by: request.actor())
        return request.redirect(to: SitePath.customer(customer.id ?? 0), flash: .customerRestored, name: customer.name)
    }

    struct MergeForm: Content { var duplicate_id: String? }

    /// Merges from the customer page; a refused merge shows the page again with the reason next to the field.
    @Sendable func merge(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(MergeForm.self)
        let l = request.localizer
        let typed = (values.duplicate_id ?? "").trimmingCharacters(in: .whitespaces)
        func refused(_ problem: String) async throws -> Response {
            try await CustomerPage.render(request, merge: .init(duplicateID: typed, problem: problem))
        }
        if typed.isEmpty { return try await refused(l.message(for: .required)) }
        guard let duplicate = Int64(typed), duplicate > 0 else { return try await refused(l.message(for: .mustBeInteger)) }
        do {
            let survivor = try await request.customers.merge(survivorID: id, duplicateID: duplicate, by: request.actor())
            return request.redirect(to: SitePath.customer(id), flash: .merged, name: survivor.name)
        } catch GuanxiError.conflict(.mergeIntoSelf) {
            return try await refused(l[.errMergeIntoSelf])
        } catch GuanxiError.notFound, GuanxiError.forbidden {
            // When it is this customer that is missing or read-only, say so as any other page would;
            // otherwise the number typed names no customer one may merge.
            let actor = try request.actor()
            let survivor = try await request.customers.customer(id: id, by: actor)
            guard try await request.customers.canWrite(survivor, by: actor) else { throw GuanxiError.forbidden }
            return try await refused(l[.errMergeUnknownDuplicate])
        }
    }

    /// The same document as the API's, as a download.
    @Sendable func personalData(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let export = try await request.privacy.export(customerID: id, by: request.actor())
        let response = try Response.json(PersonalDataBody(export))
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"customer-\(id)-personal-data.json\"")
        return response
    }

    @Sendable func erase(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        _ = try await request.privacy.erase(customerID: id, by: request.actor())
        return request.redirect(to: SitePath.customer(id), flash: .privacyErased, name: String(id))
    }

    static func draft(_ values: CustomerForm, _ problems: inout FieldProblems) -> CustomerDraft {
        var draft = CustomerDraft()
        draft.kind = values.kind.flatMap(CustomerKind.init(rawValue:)) ?? .company
        draft.name = values.name ?? ""
        draft.industry = values.industry ?? ""
        draft.region = values.region ?? ""
        draft.address = values.address ?? ""
        draft.phone = values.phone ?? ""
        draft.email = values.email ?? ""
        draft.website = values.website ?? ""
        draft.source = values.source ?? ""
        if let text = values.owner_id, !text.isEmpty {
            if let id = Int64(text) { draft.ownerID = id } else { problems["owner_id"] = .unknownReference }
        }
        if let text = values.stage, !text.isEmpty {
            if let stage = LifecycleStage(rawValue: text) { draft.stage = stage } else { problems["stage"] = .notOneOf(LifecycleStage.allCases.map(\.rawValue)) }
        }
        draft.tags = CustomerRules.tags(fromList: values.tags ?? "")
        var fields: [String: String] = [:]
        for line in (values.custom_fields ?? "").split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            let key = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !key.isEmpty else { continue }
            if parts.count < 2 { problems["custom_fields"] = .expectedNameValue; continue }
            fields[key] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        draft.customFields = fields
        if let text = values.annual_category_spend?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let minor = MinorUnits.parse(text), minor >= 0 { draft.annualCategorySpend = minor } else { problems["annual_category_spend"] = .invalidAmount }
        }
        draft.marketingConsent = values.marketing_consent == "true"
        return draft
    }

    private func form(_ request: Request, customer: Customer?, values: CustomerForm, errors problems: FieldProblems, banner: String?,
                      duplicates: [Customer] = [], status: HTTPStatus = .ok) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let actor = try request.actor()
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let isNew = customer == nil
        let action = isNew ? SitePath.customers.description : SitePath.customer(customer?.id ?? 0).description
        var ownerField = HTML.empty
        if actor.access.assignsOwners {
            let owners = try await CustomerAccess.ownerIDs(actor.access.writeScope, on: request.db)
            var query = User.query(on: request.db).filter(\.$active == true).sort(\.$displayName)
            if let owners { query = query.filter(\.$id ~~ owners) }
            let options = try await query.all().map { (String($0.id ?? 0), $0.displayName) }
            ownerField = Form.select("owner_id", label: l[.owner], options: options,
                                     selected: values.owner_id ?? String(actor.userID ?? 0), errors: errors)
        }
        var duplicateBox = HTML.empty
        if !duplicates.isEmpty {
            let items: [HTML] = duplicates.map { match in
                "<li><a href=\"\(SitePath.customer(match.id ?? 0))\" target=\"_blank\">\(match.name)</a> <span class=\"muted\">\(match.phone) \(match.email)</span></li>"
            }
            duplicateBox = """
            <div class="banner error" role="alert" id="duplicate-warning"><p>\(l[.duplicateWarning])</p><ul>\(items)</ul>
            <p class="muted">\(l[.mergeHint])</p></div>
            """
        }
        let content: HTML = """
        <div class="card">
          \(Form.banner(banner))\(duplicateBox)
          <form method="post" action="\(action)" id="customer-form" novalidate>
            \(context.csrfField)
            \(isNew ? HTML.empty : HTML("<input type=\"hidden\" name=\"version\" value=\"\(values.version ?? 0)\">"))
            \(duplicates.isEmpty ? HTML.empty : HTML("<input type=\"hidden\" name=\"allow_duplicate\" value=\"true\">"))
            <div class="grid-form">
              \(Form.text("name", label: l[.customerName], value: values.name ?? "", errors: errors, required: true))
              \(Form.select("kind", label: l[.customerKind], options: CustomerKind.allCases.map { ($0.rawValue, l.kindName($0)) }, selected: values.kind ?? "company", errors: errors))
              \(Form.select("stage", label: l[.stage], options: LifecycleStage.allCases.map { ($0.rawValue, l.stageName($0)) }, selected: values.stage ?? "lead", errors: errors))
              \(ownerField)
              \(Form.text("phone", label: l[.phone], value: values.phone ?? "", errors: errors, type: "text"))
              \(Form.text("email", label: l[.email], value: values.email ?? "", errors: errors, type: "email"))
              \(Form.text("industry", label: l[.industry], value: values.industry ?? "", errors: errors))
              \(Form.text("region", label: l[.region], value: values.region ?? "", errors: errors))
              \(Form.text("address", label: l[.address], value: values.address ?? "", errors: errors))
              \(Form.text("website", label: l[.website], value: values.website ?? "", errors: errors))
              \(Form.text("source", label: l[.source], value: values.source ?? "", errors: errors))
              \(Form.text("annual_category_spend", label: l[.annualSpend], value: values.annual_category_spend ?? "", errors: errors))
              \(Form.text("tags", label: l[.tags], value: values.tags ?? "", errors: errors, hint: l[.tagsHint]))
              \(Form.textarea("custom_fields", label: l[.customFields], value: values.custom_fields ?? "", errors: errors, rows: 3, hint: l[.customFieldsHint]))
            </div>
            \(Form.checkbox("marketing_consent", label: l[.marketingConsent], checked: values.marketing_consent == "true"))
            <div class="form-actions">
              <button type="submit" id="save-customer">\(duplicates.isEmpty ? (isNew ? l[.create] : l[.save]) : l[.createAnyway])</button>
              <a class="button ghost" href="\(isNew ? SitePath.customers.description : SitePath.customer(customer?.id ?? 0).description)">\(l[.cancel])</a>
            </div>
          </form>
        </div>
        """
        let response = Layout.page(isNew ? l[.newCustomer] : l[.editCustomer], context, content: content)
        response.status = status
        return response
    }
}
