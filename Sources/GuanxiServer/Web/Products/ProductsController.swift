import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The product catalogue in the browser: everyone reads it, administrators and managers maintain it.
struct ProductsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.products, use: products)
        routes.get(.productNew, use: newProduct)
        routes.post(.products, use: createProduct)
        routes.get(.productEdit(SitePath.anyID), use: editProduct)
        routes.post(.product(SitePath.anyID), use: updateProduct)
    }

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
        let model = try await ProductListPage.Model.load(request)
        return Layout.page(context.l[.productsTitle], context, content: ProductListPage.view(model, context))
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
            return request.redirect(to: SitePath.products, flash: .productCreated, name: product.name)
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
            return request.redirect(to: SitePath.products, flash: .productUpdated, name: product.name)
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
        <form method="post" action="\(id.map { SitePath.product($0).description } ?? SitePath.products.description)" id="product-form">\(context.csrfField)
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
          <div class="form-actions"><button type="submit" id="save-product">\(l[.save])</button><a class="button ghost" href="\(SitePath.products)">\(l[.cancel])</a></div>
        </form></div>
        """
        let response = Layout.page(id == nil ? l[.newProduct] : l[.editProduct], context, content: content)
        response.status = status
        return response
    }
}
