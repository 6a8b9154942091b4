import Fluent
import Foundation
import GuanxiCore

/// Money and goods after the sale: payments against an order and returns of delivered goods. Neither may exceed
/// what is left (outstanding money, returnable quantity), checked inside the write so two at once cannot both pass.
public struct OrderSettlement: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct PaymentDraft: Sendable {
        public var amount: Int64 = 0
        /// nil: now.
        public var paidAt: Date?
        public var method: PaymentMethod = .bankTransfer
        public var reference = ""
        public init() {}
    }

    public struct ReturnDraft: Sendable {
        public var lines: [(orderLineID: Int64, quantityMilli: Int64)] = []
        public var reason = ""
        /// nil: the returned goods' gross value, as far as the customer has paid.
        public var refundAmount: Int64?
        public var returnedAt: Date?
        public init() {}
    }

    public func payments(of orderID: Int64, by actor: Actor) async throws -> [Payment] {
        _ = try await OrderBook.order(id: orderID, by: actor, on: database)
        return try await Payment.query(on: database).filter(\.$order.$id == orderID).sort(\.$paidAt).sort(\.$id).all()
    }

    public func returns(of orderID: Int64, by actor: Actor) async throws -> [(OrderReturn, [OrderReturnLine])] {
        _ = try await OrderBook.order(id: orderID, by: actor, on: database)
        let returns = try await OrderReturn.query(on: database).filter(\.$order.$id == orderID).sort(\.$id).all()
        let ids = returns.compactMap(\.id)
        let lines = ids.isEmpty ? [] : try await OrderReturnLine.query(on: database).filter(\.$orderReturn.$id ~~ ids).sort(\.$id).all()
        let byReturn = Dictionary(grouping: lines, by: { $0.$orderReturn.id })
        return returns.map { ($0, byReturn[$0.id ?? 0] ?? []) }
    }

    public func recordPayment(orderID: Int64, _ draft: PaymentDraft, by actor: Actor) async throws -> Payment {
        let now = clock.now()
        return try await database.writeTransaction { db in
            let order = try await Self.writableOrder(orderID, by: actor, on: db)
            guard order.status.isSale else { throw GuanxiError.conflict(reason: .orderNotPayable) }
            var problems = FieldProblems()
            let reference = draft.reference.trimmingCharacters(in: .whitespaces)
            problems["reference"] = CustomerRules.check(text: reference, maximum: 100)
            if draft.amount <= 0 { problems["amount"] = .mustBePositive }
            else if draft.amount > order.outstanding { problems["amount"] = .aboveOutstanding(maximum: MinorUnits.format(max(0, order.outstanding))) }
            if let paidAt = draft.paidAt, paidAt > now.addingTimeInterval(86_400) { problems["paid_at"] = .tooFarAhead(days: 1) }
            try problems.throwIfAny()
            let payment = Payment()
            payment.$order.id = orderID
            payment.amount = draft.amount
            payment.paidAt = draft.paidAt ?? now
            payment.method = draft.method
            payment.reference = reference
            payment.$createdBy.id = actor.userID
            payment.createdAt = now
            try await payment.create(on: db)
            try await order.updateAudited(version: order.version, by: actor, at: now, on: db) { order.paidTotal += draft.amount }
            try await CustomerSalesLedger.refresh(customerID: order.$customer.id, on: db)
            return payment
        }
    }

    public func recordReturn(orderID: Int64, _ draft: ReturnDraft, by actor: Actor) async throws -> OrderReturn {
        let now = clock.now()
        return try await database.writeTransaction { db in
            let order = try await Self.writableOrder(orderID, by: actor, on: db)
            guard order.status.isDelivered else { throw GuanxiError.conflict(reason: .orderNotDelivered) }
            let lines = try await OrderLine.query(on: db).filter(\.$order.$id == orderID).all()
            let byID = Dictionary(uniqueKeysWithValues: lines.compactMap { line in line.id.map { ($0, line) } })
            var problems = FieldProblems()
            let reason = draft.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            if reason.isEmpty { problems["reason"] = .required } else { problems["reason"] = CustomerRules.check(text: reason) }
            if draft.lines.isEmpty { problems["lines"] = .required }
            var asked: [Int64: Int64] = [:]
            for (index, item) in draft.lines.enumerated() {
                guard let line = byID[item.orderLineID] else { problems["lines.\(index).order_line_id"] = .unknownReference; continue }
                asked[item.orderLineID, default: 0] += item.quantityMilli
                if item.quantityMilli <= 0 { problems["lines.\(index).quantity"] = .mustBePositive }
                else if asked[item.orderLineID, default: 0] > line.returnableQuantityMilli {
                    problems["lines.\(index).quantity"] = .aboveReturnable(maximum: DecimalUnits.format(line.returnableQuantityMilli, decimals: 3))
                }
            }
            try problems.throwIfAny()
            let orderReturn = OrderReturn()
            orderReturn.$order.id = orderID
            orderReturn.reason = reason
            orderReturn.returnedAt = draft.returnedAt ?? now
            orderReturn.$createdBy.id = actor.userID
            orderReturn.createdAt = now
            var returnLines: [OrderReturnLine] = []
            var totals = (net: Int64(0), gross: Int64(0), cost: Int64(0))
            for (lineID, quantity) in asked.sorted(by: { $0.key < $1.key }) {
                guard let line = byID[lineID] else { continue }
                // Amounts of everything returned so far, less what earlier returns took: rounding never leaves a fen
                // behind, and returning every unit gives back exactly the line.
                let after = line.returnedQuantityMilli + quantity
                let net = LinePricing.proportion(line.netAmount, part: after, of: line.quantityMilli) - line.returnedNet
                let gross = LinePricing.proportion(line.grossAmount, part: after, of: line.quantityMilli) - line.returnedGross
                let cost = LinePricing.proportion(line.costAmount, part: after, of: line.quantityMilli) - line.returnedCost
                line.returnedQuantityMilli = after
                line.returnedNet += net; line.returnedGross += gross; line.returnedCost += cost
                try await line.update(on: db)
                let record = OrderReturnLine()
                record.$orderLine.id = lineID
                record.quantityMilli = quantity
                record.netAmount = net; record.grossAmount = gross; record.costAmount = cost
                returnLines.append(record)
                totals.net += net; totals.gross += gross; totals.cost += cost
            }
            let paidNet = order.paidTotal - order.refundedTotal
            let refund = draft.refundAmount ?? min(totals.gross, max(0, paidNet))
            if refund < 0 { problems["refund_amount"] = .invalidAmount }
            else if refund > min(totals.gross, max(0, paidNet)) {
                problems["refund_amount"] = .aboveOutstanding(maximum: MinorUnits.format(min(totals.gross, max(0, paidNet))))
            }
            try problems.throwIfAny()
            orderReturn.netAmount = totals.net; orderReturn.grossAmount = totals.gross; orderReturn.costAmount = totals.cost
            orderReturn.refundAmount = refund
            try await orderReturn.create(on: db)
            for record in returnLines {
                record.$orderReturn.id = try orderReturn.requireID()
                try await record.create(on: db)
            }
            try await order.updateAudited(version: order.version, by: actor, at: now, on: db) {
                order.returnedNet += totals.net; order.returnedGross += totals.gross; order.returnedCost += totals.cost
                order.refundedTotal += refund
            }
            try await CustomerSalesLedger.refresh(customerID: order.$customer.id, on: db)
            return orderReturn
        }
    }

    static func writableOrder(_ id: Int64, by actor: Actor, on db: any Database) async throws -> Order {
        let order = try await OrderBook.order(id: id, by: actor, on: db)
        _ = try await SalesAccess.writable(order.$customer.id, entity: "order", by: actor, on: db)
        return order
    }
}
