import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Orders in the browser: list, form (drafts only change their lines), the order page with its status, payment and
/// return forms.
struct OrdersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.orders, use: list)
        routes.get(.orderNew, use: newForm)
        routes.post(.orders, use: create)
        routes.get(.order(SitePath.anyID), use: show)
        routes.get(.orderEdit(SitePath.anyID), use: editForm)
        routes.post(.order(SitePath.anyID), use: update)
        routes.post(.orderDelete(SitePath.anyID), use: delete)
        routes.post(.orderStatus(SitePath.anyID), use: changeStatus)
        routes.post(.orderPayments(SitePath.anyID), use: recordPayment)
        routes.post(.orderReturns(SitePath.anyID), use: recordReturn)
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await OrderListPage.Model.load(request)
        return Layout.page(context.l[.ordersTitle], context, content: OrderListPage.view(model, context))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try await page(request, id: try request.idParameter(), attempt: nil)
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        guard let customer = try await CustomerPicker.chosen(request) else {
            return Layout.page(context.l[.newOrder], context, content: CustomerPicker.view(
                .orderNew, customers: try await CustomerPicker.choices(request), title: context.l[.chooseCustomer], context))
        }
        var values = OrderFormPage.defaults
        values["opportunity_id"] = request.query[String.self, at: "opportunity_id"] ?? ""
        return try await form(request, id: nil, customer: customer, values: values, problems: FieldProblems(), status: .ok)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try FormValues.decode(request)
        guard let customerID = FormNumber.id(values["customer_id"]) else { throw GuanxiError.notFound(entity: "customer") }
        let customer = try await CustomerPicker.writable(customerID, request)
        if LineRows.wantsMoreRows(values) { return try await form(request, id: nil, customer: customer, values: values, problems: FieldProblems(), status: .ok) }
        var problems = FieldProblems()
        var base = OrderBook.Draft()
        base.customerID = customerID
        let (draft, rows) = OrderFormPage.draft(values, over: base, into: &problems)
        do {
            try problems.throwIfAny()
            let order = try await request.orders.create(draft, by: try request.actor())
            return request.redirect(to: SitePath.order(order.id ?? 0), flash: .orderCreated, name: order.number)
        } catch GuanxiError.invalid(let refused) {
            return try await form(request, id: nil, customer: customer, values: values, problems: LineRows.formProblems(refused, rows: rows))
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let order = try await request.orders.order(id: id, by: try request.actor())
        let customer = try await CustomerPicker.writable(order.$customer.id, request)
        guard order.status.linesEditable else { throw GuanxiError.conflict(reason: .orderNotEditable) }
        let lines = try await request.orders.lines(of: [id])[id] ?? []
        return try await form(request, id: id, customer: customer, values: OrderFormPage.values(of: order, lines: lines), problems: FieldProblems(), status: .ok)
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try FormValues.decode(request)
        let order = try await request.orders.order(id: id, by: try request.actor())
        let customer = try await CustomerPicker.writable(order.$customer.id, request)
        if LineRows.wantsMoreRows(values) { return try await form(request, id: id, customer: customer, values: values, problems: FieldProblems(), status: .ok) }
        var problems = FieldProblems()
        let (draft, rows) = OrderFormPage.draft(values, over: OrderBook.draft(of: order), into: &problems)
        do {
            try problems.throwIfAny()
            let saved = try await request.orders.update(id: id, version: Int(values["version"]) ?? 0, draft, by: try request.actor())
            return request.redirect(to: SitePath.order(id), flash: .orderUpdated, name: saved.number)
        } catch GuanxiError.invalid(let refused) {
            return try await form(request, id: id, customer: customer, values: values, problems: LineRows.formProblems(refused, rows: rows))
        }
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let order = try await request.orders.order(id: id, by: actor)
        try await request.orders.delete(id: id, by: actor)
        return request.redirect(to: SitePath.orders, flash: .orderDeleted, name: order.number)
    }

    /// Moves the order on (one of `status.next`); lines stay as they are.
    @Sendable func changeStatus(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try FormValues.decode(request)
        let order = try await request.orders.order(id: id, by: try request.actor())
        var problems = FieldProblems()
        guard let status = OrderStatus(rawValue: values["status"]), order.status.next.contains(status) else {
            problems["status"] = .notOneOf(order.status.next.map(\.rawValue))
            return try await page(request, id: id, attempt: .init(form: .status, values: values, problems: problems))
        }
        var draft = OrderBook.draft(of: order)
        draft.status = status
        do {
            let saved = try await request.orders.update(id: id, version: Int(values["version"]) ?? 0, draft, by: try request.actor())
            return request.redirect(to: SitePath.order(id), flash: .orderStatusChanged, name: "\(saved.number) · \(request.localizer.orderStatusName(saved.status))")
        } catch GuanxiError.invalid(let refused) {
            return try await page(request, id: id, attempt: .init(form: .status, values: values, problems: refused))
        }
    }

    @Sendable func recordPayment(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try FormValues.decode(request)
        var problems = FieldProblems()
        let calendar = request.guanxi.calendar
        let draft = OrderSettlementForms.paymentDraft(values, calendar: calendar, today: calendar.day(request.guanxi.clock.now()), into: &problems)
        do {
            try problems.throwIfAny()
            let payment = try await request.settlement.recordPayment(orderID: id, draft, by: try request.actor())
            return request.redirect(to: SitePath.order(id), flash: .paymentRecorded, name: SalesFormat.money(payment.amount))
        } catch GuanxiError.invalid(let refused) {
            return try await page(request, id: id, attempt: .init(form: .payment, values: values, problems: refused))
        }
    }

    @Sendable func recordReturn(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try FormValues.decode(request)
        _ = try await request.orders.order(id: id, by: try request.actor())
        let lines = (try await request.orders.lines(of: [id])[id] ?? []).map(ShownLine.init)
        var problems = FieldProblems()
        let (draft, lineIDs) = OrderSettlementForms.returnDraft(values, lines: lines, into: &problems)
        do {
            try problems.throwIfAny()
            let orderReturn = try await request.settlement.recordReturn(orderID: id, draft, by: try request.actor())
            return request.redirect(to: SitePath.order(id), flash: .returnRecorded, name: SalesFormat.money(orderReturn.grossAmount))
        } catch GuanxiError.invalid(let refused) {
            let shown = OrderSettlementForms.returnProblems(refused, lineIDs: lineIDs)
            return try await page(request, id: id, attempt: .init(form: .return, values: values, problems: shown))
        }
    }

    private func page(_ request: Request, id: Int64, attempt: OrderPage.Attempt?) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await OrderPage.Model.load(request, id: id, attempt: attempt)
        let response = Layout.page("\(context.l[.ordersTitle]) \(model.order.number)", context,
                                   content: OrderPage.view(model, context, format: WebFormat(timeZone: request.guanxi.settings.timeZone)))
        if attempt != nil { response.status = .unprocessableEntity }
        return response
    }

    private func form(_ request: Request, id: Int64?, customer: Customer, values: FormValues, problems: FieldProblems,
                      status: HTTPStatus = .unprocessableEntity) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await OrderFormPage.Model.load(request, id: id, customer: customer, values: values, problems: problems)
        let response = Layout.page(id == nil ? context.l[.newOrder] : context.l[.editOrder], context, content: OrderFormPage.view(model, context))
        response.status = status
        return response
    }
}
