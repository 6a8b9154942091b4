import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Products, segments and follow-up rules in the browser.
struct CatalogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("products", use: products)
        routes.get("products", "new", use: newProduct)
        routes.post("products", use: createProduct)
        routes.get("products", ":id", "edit", use: editProduct)
        routes.post("products", ":id", use: updateProduct)
        routes.get("segments", use: segments)
        routes.post("segments", use: createSegment)
        routes.post("segments", ":id", "delete", use: deleteSegment)
        routes.get("rules", use: rules)
        routes.post("rules", use: createRule)
        routes.post("rules", ":id", "delete", use: deleteRule)
    }

    // MARK: Products

    struct ProductForm: Content {
        var sku: String?, name: String?, category: String?, unit: String?, list_price: String?, unit_cost: String?
        var brand: String?, manufacturer: String?, is_agent_product: String?, launch_date: String?, active: String?, version: Int?

        func draft(_ problems: inout FieldProblems) -> ProductCatalog.Draft {
            var draft = ProductCatalog.Draft()
            draft.sku = sku ?? ""; draft.name = name ?? ""; draft.category = category ?? ""; draft.unit = unit ?? ""
            draft.brand = brand ?? ""; draft.manufacturer = manufacturer ?? ""; draft.isAgentProduct = is_agent_product == "true"
            draft.launchDate = launch_date ?? ""; draft.active = active == "true"
            for (field, text) in [("list_price", list_price), ("unit_cost", unit_cost)] {
                let value = (text ?? "").trimmingCharacters(in: .whitespaces)
                let minor = value.isEmpty ? 0 : MinorUnits.parse(value)
                if let minor, minor >= 0 {
                    if field == "list_price" { draft.listPrice = minor } else { draft.unitCost = minor }
                } else { problems[field] = .invalidAmount }
            }
            return draft
        }
    }

    @Sendable func products(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let actor = try request.actor()
        let search = request.query[String.self, at: "q"]
        let cursor = try? request.pageRequest().cursor
        let page = try await request.products.products(search: search, category: nil, after: cursor ?? nil, limit: 50)
        let canEdit = ProductCatalog.canEdit(actor)
        let rows: [HTML] = page.items.map { product in
            let name: HTML = canEdit ? "<a href=\"/products/\(product.id ?? 0)/edit\">\(product.name)</a>" : "\(product.name)"
            return """
            <tr><td>\(product.sku)</td><td>\(name)\(product.isAgentProduct ? HTML(" <span class=\"pill\">\(l[.agentProduct])</span>") : HTML.empty)</td>
            <td>\(product.category)</td><td>\(product.unit)</td><td>\(MinorUnits.format(product.listPrice))</td><td>\(MinorUnits.format(product.unitCost))</td>
            <td>\(product.brand)<div class="muted">\(product.manufacturer)</div></td>
            <td>\(product.active ? HTML("<span class=\"pill ok\">\(l[.active])</span>") : HTML("<span class=\"pill off\">\(l[.inactive])</span>"))</td></tr>
            """
        }
        let content: HTML = """
        <div class="toolbar">
          <form method="get" action="/products" class="filters">\(Form.text("q", label: l[.search], value: search ?? "", errors: [:], type: "search"))<button type="submit">\(l[.search])</button></form>
          \(canEdit ? HTML("<a class=\"button\" href=\"/products/new\" id=\"new-product\">\(l[.newProduct])</a>") : HTML.empty)
        </div>
        <div class="table-card"><table id="products-table">
          <thead><tr><th>\(l[.sku])</th><th>\(l[.productName])</th><th>\(l[.category])</th><th>\(l[.unit])</th><th>\(l[.listPrice])</th><th>\(l[.unitCost])</th><th>\(l[.brand])</th><th>\(l[.status])</th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"8\" class=\"muted\">\(l[.noProducts])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        \(Pager.links(next: page.next, l: l, base: "/products", isFirst: cursor == nil, extraQuery: search.map { "q=\(CustomerFilter.escape($0))" } ?? ""))
        """
        return Layout.page(l[.productsTitle], context, content: content)
    }

    @Sendable func newProduct(_ request: Request) async throws -> Response {
        try ProductCatalog.requireEditor(try request.actor())
        return try productForm(request, id: nil, values: ProductForm(active: "true"), problems: FieldProblems(), status: .ok)
    }

    @Sendable func editProduct(_ request: Request) async throws -> Response {
        try ProductCatalog.requireEditor(try request.actor())
        let product = try await request.products.product(id: try request.idParameter())
        let values = ProductForm(sku: product.sku, name: product.name, category: product.category, unit: product.unit,
                                 list_price: MinorUnits.format(product.listPrice), unit_cost: MinorUnits.format(product.unitCost),
                                 brand: product.brand, manufacturer: product.manufacturer, is_agent_product: product.isAgentProduct ? "true" : nil,
                                 launch_date: product.launchDate, active: product.active ? "true" : nil, version: product.version)
        return try productForm(request, id: product.id, values: values, problems: FieldProblems(), status: .ok)
    }

    @Sendable func createProduct(_ request: Request) async throws -> Response {
        let values = try request.content.decode(ProductForm.self)
        var problems = FieldProblems()
        let draft = values.draft(&problems)
        do {
            try problems.throwIfAny()
            let product = try await request.products.create(draft, by: request.actor())
            return request.redirect(to: "/products?notice=productCreated&name=\(product.name.urlQueryEscaped)")
        } catch GuanxiError.invalid(let problems) {
            return try productForm(request, id: nil, values: values, problems: problems)
        }
    }

    @Sendable func updateProduct(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(ProductForm.self)
        var problems = FieldProblems()
        let draft = values.draft(&problems)
        do {
            try problems.throwIfAny()
            let product = try await request.products.update(id: id, version: values.version ?? 0, draft, by: request.actor())
            return request.redirect(to: "/products?notice=productUpdated&name=\(product.name.urlQueryEscaped)")
        } catch GuanxiError.invalid(let problems) {
            return try productForm(request, id: id, values: values, problems: problems)
        }
    }

    private func productForm(_ request: Request, id: Int64?, values: ProductForm, problems: FieldProblems,
                             status: HTTPStatus = .unprocessableEntity) throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let content: HTML = """
        <div class="card">\(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(id.map { "/products/\($0)" } ?? "/products")" id="product-form">\(context.csrfField)
          \(values.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          <div class="grid-form">
            \(Form.text("sku", label: l[.sku], value: values.sku ?? "", errors: errors, required: true))
            \(Form.text("name", label: l[.productName], value: values.name ?? "", errors: errors, required: true))
            \(Form.text("category", label: l[.category], value: values.category ?? "", errors: errors))
            \(Form.text("unit", label: l[.unit], value: values.unit ?? "", errors: errors))
            \(Form.text("list_price", label: l[.listPrice], value: values.list_price ?? "", errors: errors))
            \(Form.text("unit_cost", label: l[.unitCost], value: values.unit_cost ?? "", errors: errors))
            \(Form.text("brand", label: l[.brand], value: values.brand ?? "", errors: errors))
            \(Form.text("manufacturer", label: l[.manufacturer], value: values.manufacturer ?? "", errors: errors))
            \(Form.text("launch_date", label: l[.launchDate], value: values.launch_date ?? "", errors: errors, type: "date"))
          </div>
          \(Form.checkbox("is_agent_product", label: l[.agentProduct], checked: values.is_agent_product == "true"))
          \(Form.checkbox("active", label: l[.active], checked: values.active == "true"))
          <div class="form-actions"><button type="submit" id="save-product">\(l[.save])</button><a class="button ghost" href="/products">\(l[.cancel])</a></div>
        </form></div>
        """
        let response = Layout.page(id == nil ? l[.newProduct] : l[.editProduct], context, content: content)
        response.status = status
        return response
    }

    // MARK: Segments

    @Sendable func segments(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let actor = try request.actor()
        let all = try await request.segments.segments()
        let rows: [HTML] = all.map { segment in
            let delete: HTML = SegmentLibrary.canEdit(segment, by: actor)
                ? "<form class=\"inline\" method=\"post\" action=\"/segments/\(segment.id ?? 0)/delete\" onsubmit=\"return confirm('\(l[.confirmDeleteSegment])')\">\(context.csrfField)<button class=\"ghost\" type=\"submit\">\(l[.delete])</button></form>" : .empty
            return """
            <tr><td><a href="/customers?segment_id=\(segment.id ?? 0)">\(segment.name)</a><div class="muted">\(segment.description)</div></td>
            <td><code>\(segment.filter.removingPercentEncoding ?? segment.filter)</code></td>
            <td><a class="button ghost" href="/customers/export?segment_id=\(segment.id ?? 0)">\(l[.export])</a> \(delete)</td></tr>
            """
        }
        let content: HTML = """
        <div class="table-card"><table id="segments-table">
          <thead><tr><th>\(l[.segmentName])</th><th>\(l[.segmentFilter])</th><th></th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"3\" class=\"muted\">\(l[.noSegments])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        """
        return Layout.page(l[.segmentsTitle], context, content: content)
    }

    struct SegmentForm: Content { var name: String?, description: String?, filter: String? }

    @Sendable func createSegment(_ request: Request) async throws -> Response {
        let values = try request.content.decode(SegmentForm.self)
        let filter = CustomerFilter.parse(queryString: values.filter ?? "", timeZone: request.guanxi.settings.timeZone).0
        let segment = try await request.segments.create(name: values.name ?? "", description: values.description ?? "", filter: filter,
                                                        by: request.actor())
        return request.redirect(to: "/customers?segment_id=\(segment.id ?? 0)&notice=segmentCreated&name=\(segment.name.urlQueryEscaped)")
    }

    @Sendable func deleteSegment(_ request: Request) async throws -> Response {
        try await request.segments.delete(id: try request.idParameter(), by: request.actor())
        return request.redirect(to: "/segments?notice=segmentDeleted")
    }

    // MARK: Rules

    @Sendable func rules(_ request: Request) async throws -> Response {
        try await rulesPage(request, values: RuleForm(trigger: "no_interaction", days: "14", priority: "normal"), problems: FieldProblems(), status: .ok)
    }

    struct RuleForm: Content {
        var name: String?, trigger: String?, days: String?, tag: String?, stage: String?, channel: String?, task_title: String?, priority: String?
    }

    @Sendable func createRule(_ request: Request) async throws -> Response {
        let values = try request.content.decode(RuleForm.self)
        var problems = FieldProblems()
        var draft = FollowUpRuleBook.Draft()
        draft.name = values.name ?? ""
        draft.trigger = values.trigger.flatMap(FollowUpTrigger.init(rawValue:)) ?? .noInteraction
        if let days = values.days.flatMap({ Int($0) }) { draft.days = days } else { problems["days"] = .mustBeInteger }
        draft.tag = values.tag.flatMap { $0.isEmpty ? nil : $0 }
        draft.stage = values.stage.flatMap(LifecycleStage.init(rawValue:))
        draft.channel = values.channel.flatMap(InteractionChannel.init(rawValue:))
        draft.taskTitle = values.task_title ?? ""
        draft.priority = values.priority.flatMap(TaskPriority.init(rawValue:)) ?? .normal
        do {
            try problems.throwIfAny()
            let rule = try await request.rules.create(draft, by: request.actor())
            return request.redirect(to: "/rules?notice=ruleCreated&name=\(rule.name.urlQueryEscaped)")
        } catch GuanxiError.invalid(let problems) {
            return try await rulesPage(request, values: values, problems: problems, status: .unprocessableEntity)
        }
    }

    @Sendable func deleteRule(_ request: Request) async throws -> Response {
        try await request.rules.delete(id: try request.idParameter(), by: request.actor())
        return request.redirect(to: "/rules?notice=ruleDeleted")
    }

    private func rulesPage(_ request: Request, values: RuleForm, problems: FieldProblems, status: HTTPStatus) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let actor = try request.actor()
        let canEdit = actor.role == .admin || actor.role == .manager
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let all = try await request.rules.rules()
        let rows: [HTML] = all.map { rule in
            var scope: [String] = []
            if let tag = rule.tag { scope.append("\(l[.tags]): \(tag)") }
            if let stage = rule.stage { scope.append(l.stageName(stage)) }
            if let channel = rule.channel { scope.append(l.channelName(channel)) }
            let delete: HTML = canEdit ? "<form class=\"inline\" method=\"post\" action=\"/rules/\(rule.id ?? 0)/delete\" onsubmit=\"return confirm('\(l[.confirmDeleteRule])')\">\(context.csrfField)<button class=\"ghost\" type=\"submit\">\(l[.delete])</button></form>" : .empty
            return "<tr><td>\(rule.name)</td><td>\(l.triggerName(rule.trigger)) · N = \(rule.days)</td><td>\(scope.joined(separator: " · "))</td><td>\(rule.taskTitle) <span class=\"muted\">(\(l.priorityName(rule.priority)))</span></td><td>\(delete)</td></tr>"
        }
        let form: HTML = canEdit ? """
            <div class="card"><h2>\(l[.newRule])</h2>\(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
            <form method="post" action="/rules" id="rule-form">\(context.csrfField)<div class="grid-form">
              \(Form.text("name", label: l[.ruleName], value: values.name ?? "", errors: errors, required: true))
              \(Form.select("trigger", label: l[.trigger], options: FollowUpTrigger.allCases.map { ($0.rawValue, l.triggerName($0)) }, selected: values.trigger ?? "", errors: errors))
              \(Form.text("days", label: l[.days], value: values.days ?? "", errors: errors, type: "number"))
              \(Form.text("tag", label: l[.onlyTag], value: values.tag ?? "", errors: errors))
              \(Form.select("stage", label: l[.stage], options: [("", l[.anyStage])] + LifecycleStage.allCases.map { ($0.rawValue, l.stageName($0)) }, selected: values.stage ?? "", errors: errors))
              \(Form.select("channel", label: l[.channel], options: [("", l[.anyChannel])] + InteractionChannel.allCases.map { ($0.rawValue, l.channelName($0)) }, selected: values.channel ?? "", errors: errors))
              \(Form.text("task_title", label: l[.ruleTaskTitle], value: values.task_title ?? "", errors: errors, required: true))
              \(Form.select("priority", label: l[.priority], options: TaskPriority.allCases.map { ($0.rawValue, l.priorityName($0)) }, selected: values.priority ?? "normal", errors: errors))
            </div><button type="submit" id="save-rule">\(l[.create])</button></form></div>
            """ : .empty
        let content: HTML = """
        <p class="muted">\(l[.ruleHint])</p>
        <div class="table-card"><table id="rules-table">
          <thead><tr><th>\(l[.ruleName])</th><th>\(l[.trigger])</th><th>\(l[.filters])</th><th>\(l[.ruleTaskTitle])</th><th></th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"5\" class=\"muted\">\(l[.noRules])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        <div style="margin-top:1.25rem">\(form)</div>
        """
        let response = Layout.page(l[.rulesTitle], context, content: content)
        response.status = status
        return response
    }
}
