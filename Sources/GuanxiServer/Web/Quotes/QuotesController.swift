import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Quotes in the browser: list, form, view, the status actions, revisions and the printable copy.
struct QuotesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.quotes, use: list)
        routes.get(.quoteNew, use: newForm)
        routes.post(.quotes, use: create)
        routes.get(.quote(SitePath.anyID), use: show)
        routes.get(.quoteEdit(SitePath.anyID), use: editForm)
        routes.post(.quote(SitePath.anyID), use: update)
        routes.get(.quotePrint(SitePath.anyID), use: printable)
        routes.post(.quoteSend(SitePath.anyID), use: send)
        routes.post(.quoteReject(SitePath.anyID), use: reject)
        routes.post(.quoteRevise(SitePath.anyID), use: revise)
        routes.post(.quoteAccept(SitePath.anyID), use: accept)
        routes.post(.quoteDelete(SitePath.anyID), use: delete)
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await QuoteListPage.Model.load(request)
        return Layout.page(context.l[.quotesTitle], context, content: QuoteListPage.view(model, context))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await QuotePage.Model.load(request, id: try request.idParameter())
        return Layout.page("\(context.l[.quotesTitle]) \(model.quote.number)", context, content: QuotePage.view(model, context))
    }

    @Sendable func printable(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await QuotePage.Model.load(request, id: try request.idParameter())
        return Layout.page("\(context.l[.printHeading]) \(model.quote.number)", context, content: QuotePrintPage.view(model, context))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        guard let customer = try await CustomerPicker.chosen(request) else {
            return Layout.page(context.l[.newQuote], context, content: CustomerPicker.view(
                .quoteNew, customers: try await CustomerPicker.choices(request), title: context.l[.chooseCustomer], context))
        }
        var values = FormValues()
        values["opportunity_id"] = request.query[String.self, at: "opportunity_id"] ?? ""
        return try await form(request, id: nil, customer: customer, values: values, problems: FieldProblems(), status: .ok)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try FormValues.decode(request)
        guard let customerID = FormNumber.id(values["customer_id"]) else { throw GuanxiError.notFound(entity: "customer") }
        let customer = try await CustomerPicker.writable(customerID, request)
        if LineRows.wantsMoreRows(values) { return try await form(request, id: nil, customer: customer, values: values, problems: FieldProblems(), status: .ok) }
        var problems = FieldProblems()
        let (draft, rows) = QuoteFormPage.draft(values, customerID: customerID, into: &problems)
        do {
            try problems.throwIfAny()
            let quote = try await request.quotes.create(draft, by: try request.actor())
            return request.redirect(to: SitePath.quote(quote.id ?? 0), flash: .quoteCreated, name: quote.number)
        } catch GuanxiError.invalid(let refused) {
            return try await form(request, id: nil, customer: customer, values: values, problems: LineRows.formProblems(refused, rows: rows))
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let quote = try await request.quotes.quote(id: id, by: try request.actor())
        let customer = try await CustomerPicker.writable(quote.$customer.id, request)
        guard quote.status.isEditable else { throw GuanxiError.conflict(reason: .quoteNotEditable) }
        let lines = try await request.quotes.lines(of: [id])[id] ?? []
        return try await form(request, id: id, customer: customer, values: QuoteFormPage.values(of: quote, lines: lines), problems: FieldProblems(), status: .ok)
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try FormValues.decode(request)
        let quote = try await request.quotes.quote(id: id, by: try request.actor())
        let customer = try await CustomerPicker.writable(quote.$customer.id, request)
        if LineRows.wantsMoreRows(values) { return try await form(request, id: id, customer: customer, values: values, problems: FieldProblems(), status: .ok) }
        var problems = FieldProblems()
        let (draft, rows) = QuoteFormPage.draft(values, customerID: quote.$customer.id, into: &problems)
        do {
            try problems.throwIfAny()
            let saved = try await request.quotes.update(id: id, version: Int(values["version"]) ?? 0, draft, by: try request.actor())
            return request.redirect(to: SitePath.quote(id), flash: .quoteUpdated, name: saved.number)
        } catch GuanxiError.invalid(let refused) {
            return try await form(request, id: id, customer: customer, values: values, problems: LineRows.formProblems(refused, rows: rows))
        }
    }

    @Sendable func send(_ request: Request) async throws -> Response {
        let quote = try await request.quotes.send(id: try request.idParameter(), by: try request.actor())
        return request.redirect(to: SitePath.quote(quote.id ?? 0), flash: .quoteSent, name: quote.number)
    }

    @Sendable func reject(_ request: Request) async throws -> Response {
        let quote = try await request.quotes.reject(id: try request.idParameter(), by: try request.actor())
        return request.redirect(to: SitePath.quote(quote.id ?? 0), flash: .quoteRejected, name: quote.number)
    }

    @Sendable func revise(_ request: Request) async throws -> Response {
        let revision = try await request.quotes.revise(id: try request.idParameter(), by: try request.actor())
        return request.redirect(to: SitePath.quoteEdit(revision.id ?? 0), flash: .quoteRevised, name: "\(revision.number) · \(revision.revision)")
    }

    /// Accepting makes the order (once; accepting again leads to the same order) and opens it.
    @Sendable func accept(_ request: Request) async throws -> Response {
        let (order, _) = try await request.quotes.accept(id: try request.idParameter(), by: try request.actor())
        return request.redirect(to: SitePath.order(order.id ?? 0), flash: .quoteAccepted, name: order.number)
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let quote = try await request.quotes.quote(id: id, by: actor)
        try await request.quotes.delete(id: id, by: actor)
        return request.redirect(to: SitePath.quotes, flash: .quoteDeleted, name: quote.number)
    }

    private func form(_ request: Request, id: Int64?, customer: Customer, values: FormValues, problems: FieldProblems,
                      status: HTTPStatus = .unprocessableEntity) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await QuoteFormPage.Model.load(request, id: id, customer: customer, values: values, problems: problems)
        let response = Layout.page(id == nil ? context.l[.newQuote] : context.l[.editQuote], context, content: QuoteFormPage.view(model, context))
        response.status = status
        return response
    }
}
