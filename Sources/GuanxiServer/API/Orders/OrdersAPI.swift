import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/orders`, their payments and returns, and `/customers/{id}/orders`.
enum OrdersAPI {
    static func register(_ api: APIBuilder) {
        let filters: [APIRoute.Parameter] = [
            .id("customer_id", "Of this customer"), .choice("status", "In this status", OrderStatus.self),
            .id("owner_id", "Of customers this user owns"), .day("from", "Ordered on or after this day"), .day("to", "Ordered on or before this day"),
        ]
        api.on(.init(.GET, "/orders", operationID: "listOrders", summary: "Orders you may see, newest first", tag: "orders", access: .signedIn, reach: .everyone,
                     query: APIRoute.pageParameters + filters, responses: [.init(.ok, "A page of orders", schemaName: "OrderList")])) { request in
            var filter = OrderBook.Filter()
            filter.customerID = try request.idQuery("customer_id")
            filter.status = try request.choiceQuery("status", OrderStatus.self)
            filter.ownerID = try request.idQuery("owner_id")
            filter.from = try request.dayQuery("from")
            filter.to = try request.dayQuery("to")
            return try await list(filter, request)
        }
        api.on(.init(.GET, "/customers/{id}/orders", operationID: "listCustomerOrders", summary: "A customer's orders, newest first",
                     tag: "orders", access: .signedIn, reach: .readsCustomer, query: APIRoute.pageParameters,
                     responses: [.init(.ok, "A page of orders", schemaName: "OrderList")])) { request in
            let id = try request.idParameter()
            _ = try await CustomerAccess.visibleCustomer(id, by: request.actor(), on: request.db)
            var filter = OrderBook.Filter()
            filter.customerID = id
            return try await list(filter, request)
        }
        api.on(.init(.GET, "/customers/{id}/sales", operationID: "getCustomerSales",
                     summary: "A customer's sales to date: orders, revenue and gross profit after returns, outstanding, first and last order",
                     tag: "orders", access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The figures", schemaName: CustomerSalesBody.schemaName)])) { request in
            let id = try request.idParameter()
            _ = try await CustomerAccess.visibleCustomer(id, by: request.actor(), on: request.db)
            let figures = try await CustomerSalesLedger.figures(of: [id], on: request.db)[id] ?? .none(id)
            return try .json(CustomerSalesBody(sales: figures))
        }
        api.on(.init(.POST, "/orders", operationID: "createOrder",
                     summary: "Record an order (confirmed unless status says draft); lines as on quotes, each keeps the product's unit cost of this moment",
                     tag: "orders", access: .signedIn, reach: .changesCustomer, request: OrderInputBody.schemaName,
                     responses: [.init(.created, "The new order", schemaName: OrderBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName)], rules: [.customerExists, .contactOfCustomer, .opportunityOfCustomer, .init(["shipped_at"], "not before ordered_at"), .init(["delivered_at"], "not before shipped_at, or ordered_at when not shipped"), .init(["status"], "a step the order may take from where it is"), .salesChannelKnown, LineInputBody.rule])) { request in
            let body = try request.decodeJSON(OrderInputBody.self)
            var problems = FieldProblems()
            if body.customerID == nil { problems["customer_id"] = .required }
            if body.lines == nil { problems["lines"] = .required }
            let draft = body.draft(&problems)
            // Refused already: name the channel too, by the rule the order book applies, so every field comes at once.
            if !problems.isEmpty { problems["channel"] = try await SalesChannelBook.problem(with: draft.channel, on: request.db) }
            try problems.throwIfAny()
            return try await respond(try await request.orders.create(draft, by: request.actor()), request, status: .created)
        }
        api.on(.init(.GET, "/orders/{id}", operationID: "getOrder", summary: "One order with its lines, profit after returns, payments and what is outstanding",
                     tag: "orders", access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The order", schemaName: OrderBody.schemaName)])) { request in
            try await respond(try await request.orders.order(id: try request.idParameter(), by: request.actor()), request)
        }
        api.on(.init(.PATCH, "/orders/{id}", operationID: "updateOrder",
                     summary: "Change an order or move its status forward (draft → confirmed → shipped → delivered → completed, or cancelled before shipping); lines change only on a draft",
                     tag: "orders", access: .signedIn, reach: .changesCustomer, request: OrderInputBody.schemaName,
                     responses: [.init(.ok, "The changed order", schemaName: OrderBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale, the status cannot go there, or the lines are no longer editable",
                                       schemaName: ErrorBody.schemaName)], rules: [.customerExists, .contactOfCustomer, .opportunityOfCustomer, .init(["shipped_at"], "not before ordered_at"), .init(["delivered_at"], "not before shipped_at, or ordered_at when not shipped"), .init(["status"], "a step the order may take from where it is"), .salesChannelKnown, LineInputBody.rule, .customerFixed])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(OrderInputBody.self)
            let actor = try request.actor()
            let existing = try await request.orders.order(id: id, by: actor)
            var problems = FieldProblems()
            if let customer = body.customerID, customer != existing.$customer.id { problems["customer_id"] = .notAllowed }
            let draft = body.draft(over: OrderBook.draft(of: existing), &problems)
            try problems.throwIfAny()
            let version = try requireVersion(body.version)
            return try await respond(try await request.orders.update(id: id, version: version, draft, by: actor), request)
        }
        api.on(.init(.DELETE, "/orders/{id}", operationID: "deleteOrder", summary: "Delete a draft order (a confirmed one is cancelled instead)",
                     tag: "orders", access: .signedIn, reach: .changesCustomer,
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "Only a draft is deleted", schemaName: ErrorBody.schemaName)])) { request in
            try await request.orders.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
        api.on(.init(.GET, "/orders/{id}/payments", operationID: "listPayments", summary: "Payments received against the order", tag: "orders",
                     access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The payments", schemaName: "PaymentList")])) { request in
            let payments = try await request.settlement.payments(of: try request.idParameter(), by: request.actor())
            return try .json(ListBody(Page(items: payments, next: nil), PaymentBody.init))
        }
        api.on(.init(.POST, "/orders/{id}/payments", operationID: "createPayment", summary: "Record a payment; more than is outstanding is refused",
                     tag: "orders", access: .signedIn, reach: .changesCustomer, request: PaymentInputBody.schemaName,
                     responses: [.init(.created, "The payment", schemaName: PaymentBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The order is a draft or cancelled, or changed at the same moment", schemaName: ErrorBody.schemaName)], rules: [.init(["amount"], "not above what is outstanding"), .init(["paid_at"], "at most a day ahead")])) { request in
            let body = try request.decodeJSON(PaymentInputBody.self)
            var draft = OrderSettlement.PaymentDraft()
            draft.amount = body.amount.minorUnits
            draft.paidAt = body.paid_at
            draft.reference = body.reference ?? ""
            if let method = body.method {
                guard let value = PaymentMethod(rawValue: method) else {
                    throw GuanxiError.invalid(problem("method", .notOneOf(PaymentMethod.allCases.map(\.rawValue))))
                }
                draft.method = value
            }
            let payment = try await request.settlement.recordPayment(orderID: try request.idParameter(), draft, by: request.actor())
            return try .json(PaymentBody(payment: payment), status: .created)
        }
        api.on(.init(.GET, "/orders/{id}/returns", operationID: "listReturns", summary: "Goods that came back from the order", tag: "orders",
                     access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The returns", schemaName: "ReturnList")])) { request in
            let returns = try await request.settlement.returns(of: try request.idParameter(), by: request.actor())
            return try .json(ListBody(Page(items: returns, next: nil)) { ReturnBody(orderReturn: $0.0, lines: $0.1) })
        }
        api.on(.init(.POST, "/orders/{id}/returns", operationID: "createReturn",
                     summary: "Record a return of delivered lines; never more than was delivered less earlier returns. The refund defaults to the goods' gross value as far as paid",
                     tag: "orders", access: .signedIn, reach: .changesCustomer, request: ReturnInputBody.schemaName,
                     responses: [.init(.created, "The return", schemaName: ReturnBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The goods were not delivered, or the order changed at the same moment", schemaName: ErrorBody.schemaName)], rules: [.init(["lines"], "lines of this order, each at most its quantity not yet returned"), .init(["refund_amount"], "not above what was paid")])) { request in
            let body = try request.decodeJSON(ReturnInputBody.self)
            var draft = OrderSettlement.ReturnDraft()
            draft.lines = body.lines.map { ($0.order_line_id, $0.quantity.units) }
            draft.reason = body.reason
            draft.refundAmount = body.refund_amount?.minorUnits
            draft.returnedAt = body.returned_at
            let id = try request.idParameter()
            let recorded = try await request.settlement.recordReturn(orderID: id, draft, by: request.actor())
            let lines = try await request.settlement.returns(of: id, by: request.actor()).first { $0.0.id == recorded.id }?.1 ?? []
            return try .json(ReturnBody(orderReturn: recorded, lines: lines), status: .created)
        }
    }

    private static func list(_ filter: OrderBook.Filter, _ request: Request) async throws -> Response {
        let (cursor, limit) = try request.pageRequest()
        let page = try await request.orders.orders(filter, after: cursor, limit: limit, by: request.actor())
        let lines = try await request.orders.lines(of: page.items.compactMap(\.id))
        let today = request.guanxi.calendar.day(request.guanxi.clock.now())
        return try .json(ListBody(page) { OrderBody(order: $0, lines: lines[$0.id ?? 0] ?? [], today: today) })
    }

    static func respond(_ order: Order, _ request: Request, status: HTTPStatus = .ok) async throws -> Response {
        let id = try order.requireID()
        let today = request.guanxi.calendar.day(request.guanxi.clock.now())
        return try .json(OrderBody(order: order, lines: try await request.orders.lines(of: [id])[id] ?? [], today: today), status: status)
    }

    static let components: [(String, JSONSchema)] = [
        (OrderBody.schemaName, OrderBody.schema), (OrderInputBody.schemaName, OrderInputBody.schema),
        ("OrderList", ListBody<OrderBody>.schema(of: OrderBody.schemaName)), (LineBody.orderSchemaName, LineBody.schema(returns: true)),
        (PaymentBody.schemaName, PaymentBody.schema), (PaymentInputBody.schemaName, PaymentInputBody.schema),
        ("PaymentList", ListBody<PaymentBody>.schema(of: PaymentBody.schemaName)),
        (ReturnBody.schemaName, ReturnBody.schema), (ReturnInputBody.schemaName, ReturnInputBody.schema),
        ("ReturnList", ListBody<ReturnBody>.schema(of: ReturnBody.schemaName)),
        (CustomerSalesBody.schemaName, CustomerSalesBody.schema),
    ]
}
