import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The order page's forms (status, payment, return) and its lists of payments and returns; and how a submitted
/// payment or return becomes the service's draft.
enum OrderSettlementForms {
    static func forms(_ model: OrderPage.Model, _ context: PageContext) -> HTML {
        let l = context.l
        let order = model.order
        let id = order.id ?? 0
        func state(_ form: OrderPage.Attempt.Form) -> (FormValues, [String: String]) {
            guard let attempt = model.attempt, attempt.form == form else { return (FormValues(), [:]) }
            return (attempt.values, attempt.problems.problems.mapValues { l.message(for: $0) })
        }
        var cards: [HTML] = []
        if !order.status.next.isEmpty {
            let (_, errors) = state(.status)
            cards.append("""
            <div class="card" id="status-card"><h2>\(l[.changeStatus])</h2>
            <form method="post" action="\(SitePath.orderStatus(id))" class="filters" id="status-form">\(context.csrfField)
              <input type="hidden" name="version" value="\(order.version)">
              \(Form.select("status", label: l[.status], options: order.status.next.map { ($0.rawValue, l.orderStatusName($0)) }, selected: "", errors: errors))
              <button type="submit" id="save-status">\(l[.setStatus])</button>
            </form></div>
            """)
        }
        if order.status.isSale && order.outstanding > 0 {
            let (values, errors) = state(.payment)
            let method = values.optional("method") ?? order.paymentMethod.rawValue
            cards.append("""
            <div class="card" id="payment-card"><h2>\(l[.recordPayment])</h2>
            <form method="post" action="\(SitePath.orderPayments(id))" id="payment-form">\(context.csrfField)
              \(errors.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
              \(Form.text("amount", label: l[.amountYuan], value: values.optional("amount") ?? MinorUnits.format(order.outstanding), errors: errors, required: true))
              \(Form.text("paid_on", label: l[.paidOn], value: values["paid_on"], errors: errors, type: "date", hint: l[.quoteDateHint]))
              \(Form.select("method", label: l[.paymentMethod], options: PaymentMethod.allCases.map { ($0.rawValue, l.paymentMethodName($0)) }, selected: method, errors: errors))
              \(Form.text("reference", label: l[.reference], value: values["reference"], errors: errors))
              <button type="submit" id="save-payment">\(l[.recordPayment])</button>
            </form></div>
            """)
        }
        let returnable = model.lines.filter { $0.quantityMilli > $0.returnedQuantityMilli }
        if order.status.isDelivered && !returnable.isEmpty {
            let (values, errors) = state(.return)
            let rows: [HTML] = returnable.map { line in
                let field = "return_quantity_\(line.id)"
                return """
                <tr><td>\(line.description)<div class="muted">\(l(.returnedQuantity, ["n": SalesFormat.quantity(line.returnedQuantityMilli)]))</div></td>
                <td class="num">\(SalesFormat.quantity(line.quantityMilli - line.returnedQuantityMilli))</td>
                <td><input type="text" class="num" inputmode="decimal" name="\(field)" id="f-\(field)" value="\(values[field])" aria-label="\(l[.returnQuantity])">\
                \(errors[field].map { HTML("<p class=\"field-error\" id=\"error-\(field)\">\($0)</p>") } ?? HTML.empty)</td></tr>
                """
            }
            cards.append("""
            <div class="card" id="return-card"><h2>\(l[.recordReturn])</h2>
            <form method="post" action="\(SitePath.orderReturns(id))" id="return-form">\(context.csrfField)
              \(errors.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
              \(errors["lines"].map { HTML("<p class=\"field-error\" id=\"error-lines\">\($0)</p>") } ?? HTML.empty)
              <table class="compact-lines"><thead><tr><th>\(l[.lineDescription])</th><th class="num">\(l[.quantity])</th><th>\(l[.returnQuantity])</th></tr></thead>
              <tbody>\(rows)</tbody></table>
              \(Form.text("reason", label: l[.returnReason], value: values["reason"], errors: errors, required: true))
              \(Form.text("refund_amount", label: l[.refundAmount], value: values["refund_amount"], errors: errors))
              <button type="submit" id="save-return">\(l[.recordReturn])</button>
            </form></div>
            """)
        } else if order.status.isSale && !order.status.isDelivered {
            cards.append("<div class=\"card\" id=\"return-card\"><h2>\(l[.recordReturn])</h2><p class=\"muted\">\(l[.returnNotYet])</p></div>")
        }
        return cards.joined()
    }

    static func paymentList(_ model: OrderPage.Model, format: WebFormat, l: Localizer) -> HTML {
        let rows: [HTML] = model.payments.map { payment in
            """
            <tr><td>\(format.dateTime(payment.paidAt))</td>\(SalesFormat.cell(payment.amount))<td>\(l.paymentMethodName(payment.method))</td>
            <td>\(payment.reference)</td><td class="muted">\(payment.$createdBy.id.flatMap { model.userNames[$0] } ?? "")</td></tr>
            """
        }
        return """
        <div class="card" id="payments"><h2>\(l[.payments])</h2>
        \(rows.isEmpty ? HTML("<p class=\"muted\">\(l[.noPayments])</p>") : HTML("<table id=\"payments-table\"><thead><tr><th>\(l[.paidOn])</th><th class=\"num\">\(l[.amount])</th><th>\(l[.paymentMethod])</th><th>\(l[.reference])</th><th>\(l[.who])</th></tr></thead><tbody>\(rows)</tbody></table>"))
        </div>
        """
    }

    static func returnList(_ model: OrderPage.Model, format: WebFormat, l: Localizer) -> HTML {
        let lineNames = Dictionary(model.lines.map { ($0.id, $0.description) }, uniquingKeysWith: { a, _ in a })
        let rows: [HTML] = model.returns.map { (orderReturn, lines) in
            let items = lines.map { "\(SalesFormat.quantity($0.quantityMilli)) × \(lineNames[$0.$orderLine.id] ?? "")" }.joined(separator: ", ")
            return """
            <tr><td>\(format.dateTime(orderReturn.returnedAt))</td><td>\(items)<div class="muted">\(orderReturn.reason)</div></td>
            \(SalesFormat.cell(orderReturn.grossAmount))\(SalesFormat.cell(orderReturn.refundAmount))</tr>
            """
        }
        return """
        <div class="card" id="returns"><h2>\(l[.returns])</h2>
        \(rows.isEmpty ? HTML("<p class=\"muted\">\(l[.noReturns])</p>") : HTML("<table id=\"returns-table\"><thead><tr><th>\(l[.when])</th><th>\(l[.lineDescription])</th><th class=\"num\">\(l[.grossAmount])</th><th class=\"num\">\(l[.refunded])</th></tr></thead><tbody>\(rows)</tbody></table>"))
        </div>
        """
    }

    /// A payment from the form: the amount in yuan, the day (empty or today: now), method and reference.
    static func paymentDraft(_ values: FormValues, calendar: CompanyCalendar, today: String,
                             into problems: inout FieldProblems) -> OrderSettlement.PaymentDraft {
        var draft = OrderSettlement.PaymentDraft()
        if values.optional("amount") == nil { problems["amount"] = .required }
        draft.amount = FormNumber.money(values["amount"], field: "amount", empty: 0, into: &problems) ?? 0
        if let day = values.optional("paid_on"), day != today {
            if let start = calendar.start(of: day) { draft.paidAt = start } else { problems["paid_on"] = .invalidDate }
        }
        if let method = PaymentMethod(rawValue: values["method"]) { draft.method = method } else {
            problems["method"] = .notOneOf(PaymentMethod.allCases.map(\.rawValue))
        }
        draft.reference = values["reference"]
        return draft
    }

    /// A return from the form: a quantity per line (blank ones left out), the reason and an optional refund; the
    /// service's `lines.N.quantity` comes back under the line's own field.
    static func returnDraft(_ values: FormValues, lines: [ShownLine], into problems: inout FieldProblems) -> (OrderSettlement.ReturnDraft, [Int64]) {
        var draft = OrderSettlement.ReturnDraft()
        var ids: [Int64] = []
        for line in lines {
            let field = "return_quantity_\(line.id)"
            guard let text = values.optional(field) else { continue }
            guard let quantity = DecimalUnits.parse(text, decimals: 3) else { problems[field] = .tooManyDecimals(3); continue }
            if quantity == 0 { continue }
            draft.lines.append((orderLineID: line.id, quantityMilli: quantity))
            ids.append(line.id)
        }
        draft.reason = values["reason"]
        draft.refundAmount = FormNumber.money(values["refund_amount"], field: "refund_amount", into: &problems)
        return (draft, ids)
    }

    static func returnProblems(_ problems: FieldProblems, lineIDs: [Int64]) -> FieldProblems {
        var out = FieldProblems()
        for (field, problem) in problems.problems {
            let parts = field.split(separator: ".")
            if parts.count == 3, parts[0] == "lines", let index = Int(parts[1]), index < lineIDs.count {
                out["return_quantity_\(lineIDs[index])"] = problem
            } else {
                out[field] = problem
            }
        }
        return out
    }
}
