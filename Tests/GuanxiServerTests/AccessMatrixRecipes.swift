import Foundation
import Testing
@testable import GuanxiServer

/// How the access matrix calls each operation: a valid request about a fresh record of the cell's owner, so that a
/// call the reach allows succeeds (2xx) and one it refuses fails only for access.
enum MatrixRecipes {
    typealias Recipe = @Sendable (MatrixWorld, MatrixCell) async throws -> MatrixCall

    static let all: [String: Recipe] = accounts.merging(customers) { a, _ in a }.merging(sales) { a, _ in a }
        .merging(companyWide) { a, _ in a }

    static let accounts: [String: Recipe] = [
        "openapi": { _, _ in .init(path: "/openapi.json") },
        "createToken": { w, c in .init(path: "/auth/token", json: ["username": c.actor, "password": w.password(c.actor)]) },
        "listTokens": { _, _ in .init(path: "/auth/tokens") },
        "revokeToken": { w, c in .init(path: "/auth/tokens/\(try await w.token(of: c.owner))") },
        "changeOwnPassword": { w, c in
            .init(path: "/auth/password", json: ["old_password": w.password(c.actor), "new_password": w.password(c.actor) + "-new"])
        },
        "listAudit": { _, _ in .init(path: "/audit") },
        "listUsers": { _, _ in .init(path: "/users") },
        "getUser": { w, _ in .init(path: "/users/\(w.userID("sales2"))") },
        "createUser": { w, _ in
            let n = w.next()
            return .init(path: "/users", json: ["username": "new\(n)", "display_name": "新用户\(n)", "role": "sales", "password": TestCompany.password])
        },
        "updateUser": { w, _ in
            let user = try await w.user()
            return .init(path: "/users/\(try w.id(user))", json: ["version": w.version(user), "display_name": "改名\(w.next())"])
        },
        "signOutUser": { w, _ in .init(path: "/users/\(try w.id(try await w.user()))/sign-out") },
        "deleteUser": { w, _ in .init(path: "/users/\(try w.id(try await w.user()))") },
        "listTeams": { _, _ in .init(path: "/teams") },
        "getTeam": { w, _ in .init(path: "/teams/\(w.company.teamIDs["east"]!)") },
        "createTeam": { w, _ in .init(path: "/teams", json: ["name": "新团队\(w.next())"]) },
        "updateTeam": { w, _ in
            let team = try await w.team()
            return .init(path: "/teams/\(try w.id(team))", json: ["version": w.version(team), "name": "改名团队\(w.next())"])
        },
        "deleteTeam": { w, _ in .init(path: "/teams/\(try w.id(try await w.team()))") },
    ]

    static let customers: [String: Recipe] = [
        "listCustomers": { _, _ in .init(path: "/customers") },
        "countCustomers": { _, _ in .init(path: "/customers/count") },
        "findDuplicateCustomers": { _, _ in .init(path: "/customers/duplicates?name=%E7%9F%A9%E9%98%B5") },
        "exportCustomers": { _, _ in .init(path: "/customers/export") },
        "createCustomer": { w, _ in .init(path: "/customers", json: ["name": "新客户\(w.next())"]) },
        "getCustomer": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))") },
        "updateCustomer": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))", json: ["version": 1, "industry": "制造业"]) },
        "deleteCustomer": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))") },
        "restoreCustomer": { w, c in
            let id = try await w.customer(of: c.owner)
            _ = try await w.client("admin").send(.DELETE, "/api/v1/customers/\(id)")
            return .init(path: "/customers/\(id)/restore")
        },
        "mergeCustomer": { w, c in
            let survivor = try await w.customer(of: c.owner)
            return .init(path: "/customers/\(survivor)/merge", json: ["duplicate_id": try await w.customer(of: c.owner)])
        },
        "erasePersonalData": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/erase") },
        "exportPersonalData": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/personal-data") },
        "listContacts": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/contacts") },
        "createContact": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/contacts", json: ["name": "王芳"]) },
        "getContact": { w, c in .init(path: "/contacts/\(try w.id(try await w.contact(of: c.owner)))") },
        "updateContact": { w, c in
            let contact = try await w.contact(of: c.owner)
            return .init(path: "/contacts/\(try w.id(contact))", json: ["version": w.version(contact), "title": "经理"])
        },
        "deleteContact": { w, c in .init(path: "/contacts/\(try w.id(try await w.contact(of: c.owner)))") },
        "listInteractions": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/interactions") },
        "createInteraction": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/interactions", json: ["channel": "phone"]) },
        "getInteraction": { w, c in .init(path: "/interactions/\(try w.id(try await w.interaction(of: c.owner)))") },
        "updateInteraction": { w, c in
            let interaction = try await w.interaction(of: c.owner)
            return .init(path: "/interactions/\(try w.id(interaction))", json: ["version": w.version(interaction), "notes": "已回访"])
        },
        "deleteInteraction": { w, c in .init(path: "/interactions/\(try w.id(try await w.interaction(of: c.owner)))") },
        "listTasks": { _, _ in .init(path: "/tasks") },
        "listCustomerTasks": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/tasks") },
        "createTask": { w, c in
            .init(path: "/tasks", json: ["customer_id": try await w.customer(of: c.owner), "title": "回电话", "due_at": "2030-01-02T09:00:00Z"])
        },
        "getTask": { w, c in .init(path: "/tasks/\(try w.id(try await w.task(of: c.owner)))") },
        "updateTask": { w, c in
            let task = try await w.task(of: c.owner)
            return .init(path: "/tasks/\(try w.id(task))", json: ["version": w.version(task), "title": "改期回访"])
        },
        "deleteTask": { w, c in .init(path: "/tasks/\(try w.id(try await w.task(of: c.owner)))") },
        "importFile": { w, _ in .init(path: "/imports/customers", bytes: Array("name\n导入客户\(w.next())\n".utf8), contentType: "text/csv") },
    ]

    static let sales: [String: Recipe] = [
        "listOpportunities": { _, _ in .init(path: "/opportunities") },
        "createOpportunity": { w, c in .init(path: "/opportunities", json: ["customer_id": try await w.customer(of: c.owner), "title": "二期"]) },
        "getOpportunity": { w, c in .init(path: "/opportunities/\(try w.id(try await w.opportunity(of: c.owner)))") },
        "getOpportunityHistory": { w, c in .init(path: "/opportunities/\(try w.id(try await w.opportunity(of: c.owner)))/history") },
        "updateOpportunity": { w, c in
            let opportunity = try await w.opportunity(of: c.owner)
            return .init(path: "/opportunities/\(try w.id(opportunity))", json: ["version": w.version(opportunity), "title": "三期"])
        },
        "deleteOpportunity": { w, c in .init(path: "/opportunities/\(try w.id(try await w.opportunity(of: c.owner)))") },
        "getPipeline": { _, _ in .init(path: "/pipeline") },
        "getForecast": { _, _ in .init(path: "/forecast") },
        "listQuotes": { _, _ in .init(path: "/quotes") },
        "createQuote": { w, c in .init(path: "/quotes", json: ["customer_id": try await w.customer(of: c.owner), "lines": w.lines]) },
        "getQuote": { w, c in .init(path: "/quotes/\(try w.id(try await w.quote(of: c.owner)))") },
        "listQuoteRevisions": { w, c in .init(path: "/quotes/\(try w.id(try await w.quote(of: c.owner)))/revisions") },
        "updateQuote": { w, c in
            let quote = try await w.quote(of: c.owner)
            return .init(path: "/quotes/\(try w.id(quote))", json: ["version": w.version(quote), "notes": "含运费"])
        },
        "deleteQuote": { w, c in .init(path: "/quotes/\(try w.id(try await w.quote(of: c.owner)))") },
        "sendQuote": { w, c in .init(path: "/quotes/\(try w.id(try await w.quote(of: c.owner)))/send") },
        "rejectQuote": { w, c in .init(path: "/quotes/\(try w.id(try await w.quote(of: c.owner, sent: true)))/reject") },
        "acceptQuote": { w, c in .init(path: "/quotes/\(try w.id(try await w.quote(of: c.owner, sent: true)))/accept") },
        "reviseQuote": { w, c in .init(path: "/quotes/\(try w.id(try await w.quote(of: c.owner, sent: true)))/revisions") },
        "listOrders": { _, _ in .init(path: "/orders") },
        "createOrder": { w, c in .init(path: "/orders", json: ["customer_id": try await w.customer(of: c.owner), "lines": w.lines]) },
        "getOrder": { w, c in .init(path: "/orders/\(try w.id(try await w.order(of: c.owner)))") },
        "updateOrder": { w, c in
            let order = try await w.order(of: c.owner)
            return .init(path: "/orders/\(try w.id(order))", json: ["version": w.version(order), "status": "shipped"])
        },
        "deleteOrder": { w, c in .init(path: "/orders/\(try w.id(try await w.order(of: c.owner, status: "draft")))") },
        "listCustomerOrders": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/orders") },
        "getCustomerSales": { w, c in .init(path: "/customers/\(try await w.customer(of: c.owner))/sales") },
        "listPayments": { w, c in .init(path: "/orders/\(try w.id(try await w.order(of: c.owner)))/payments") },
        "createPayment": { w, c in .init(path: "/orders/\(try w.id(try await w.order(of: c.owner)))/payments", json: ["amount": 1]) },
        "listReturns": { w, c in .init(path: "/orders/\(try w.id(try await w.order(of: c.owner)))/returns") },
        "createReturn": { w, c in
            let order = try await w.deliveredOrder(of: c.owner)
            let line = try #require((order["lines"] as? [[String: Any]])?.first?["id"] as? Int)
            return .init(path: "/orders/\(try w.id(order))/returns", json: ["reason": "破损", "lines": [["order_line_id": line, "quantity": 1]]])
        },
        "listBids": { _, _ in .init(path: "/bids") },
        "getBidStatistics": { _, _ in .init(path: "/bids/statistics") },
        "createBid": { w, c in
            .init(path: "/bids", json: ["customer_id": try await w.customer(of: c.owner), "tender_number": "ZB-N\(w.next())", "title": "改造",
                                        "submission_deadline": "2030-10-20T10:00:00+08:00"])
        },
        "getBid": { w, c in .init(path: "/bids/\(try w.id(try await w.bid(of: c.owner)))") },
        "updateBid": { w, c in
            let bid = try await w.bid(of: c.owner)
            return .init(path: "/bids/\(try w.id(bid))", json: ["version": w.version(bid), "title": "机房改造二期"])
        },
        "deleteBid": { w, c in .init(path: "/bids/\(try w.id(try await w.bid(of: c.owner)))") },
        "listBidAttachments": { w, c in .init(path: "/bids/\(try w.id(try await w.bid(of: c.owner)))/attachments") },
        "uploadBidAttachment": { w, c in
            .init(path: "/bids/\(try w.id(try await w.bid(of: c.owner)))/attachments?filename=b.pdf", bytes: Array("%PDF".utf8),
                  contentType: "application/pdf")
        },
        "downloadBidAttachment": { w, c in
            let (bid, attachment) = try await w.attachment(of: c.owner)
            return .init(path: "/bids/\(bid)/attachments/\(attachment)")
        },
        "deleteBidAttachment": { w, c in
            let (bid, attachment) = try await w.attachment(of: c.owner)
            return .init(path: "/bids/\(bid)/attachments/\(attachment)")
        },
        "getSalesReport": { _, _ in .init(path: "/reports/sales?group_by=month,region") },
        "getDeliveryReport": { _, _ in .init(path: "/reports/delivery") },
        "listSalesTargets": { _, _ in .init(path: "/sales-targets?from=2026-01&to=2026-12") },
        "setSalesTarget": { w, c in .init(path: "/sales-targets", json: ["user_id": w.userID(c.owner), "month": "2026-11", "amount": 5_000]) },
        "deleteSalesTarget": { w, c in .init(path: "/sales-targets/\(try w.id(try await w.salesTarget(of: c.owner)))") },
    ]

    static let companyWide: [String: Recipe] = [
        "listProducts": { _, _ in .init(path: "/products") },
        "getProduct": { w, _ in .init(path: "/products/\(w.productID)") },
        "createProduct": { w, _ in .init(path: "/products", json: ["sku": "N-\(w.next())", "name": "新产品"]) },
        "updateProduct": { w, _ in
            let product = try await w.product()
            return .init(path: "/products/\(try w.id(product))", json: ["version": w.version(product), "list_price": 99])
        },
        "deleteProduct": { w, _ in .init(path: "/products/\(try w.id(try await w.product()))") },
        "listPipelineStages": { _, _ in .init(path: "/pipeline-stages") },
        "createPipelineStage": { w, _ in
            let n = w.next()
            return .init(path: "/pipeline-stages", json: ["name_en": "New \(n)", "name_zh": "新阶段\(n)", "position": 500 + n % 400, "probability": 20])
        },
        "updatePipelineStage": { w, _ in
            let stage = try await w.stage()
            return .init(path: "/pipeline-stages/\(try w.id(stage))", json: ["version": w.version(stage), "probability": 45])
        },
        "deletePipelineStage": { w, _ in .init(path: "/pipeline-stages/\(try w.id(try await w.stage()))") },
        "listSalesChannels": { _, _ in .init(path: "/sales-channels") },
        "createSalesChannel": { w, _ in
            let n = w.next()
            return .init(path: "/sales-channels", json: ["code": "new_channel_\(n)", "name_en": "New \(n)", "name_zh": "新渠道\(n)"])
        },
        "updateSalesChannel": { w, _ in
            let channel = try await w.salesChannel()
            return .init(path: "/sales-channels/\(try w.id(channel))", json: ["version": w.version(channel), "name_zh": "改名"])
        },
        "deleteSalesChannel": { w, _ in .init(path: "/sales-channels/\(try w.id(try await w.salesChannel()))") },
        "listFollowUpRules": { _, _ in .init(path: "/follow-up-rules") },
        "getFollowUpRule": { w, _ in .init(path: "/follow-up-rules/\(try w.id(try await w.followUpRule()))") },
        "createFollowUpRule": { w, _ in
            .init(path: "/follow-up-rules", json: ["name": "新规则\(w.next())", "trigger": "no_interaction", "days": 60, "task_title": "回访"])
        },
        "updateFollowUpRule": { w, _ in
            let rule = try await w.followUpRule()
            return .init(path: "/follow-up-rules/\(try w.id(rule))", json: ["version": w.version(rule), "days": 45])
        },
        "deleteFollowUpRule": { w, _ in .init(path: "/follow-up-rules/\(try w.id(try await w.followUpRule()))") },
        "listSegments": { _, _ in .init(path: "/segments") },
        "getSegment": { w, c in .init(path: "/segments/\(try w.id(try await w.segment(of: c.owner)))") },
        "createSegment": { w, _ in .init(path: "/segments", json: ["name": "新分组\(w.next())", "filter": "stage=lead"]) },
        "updateSegment": { w, c in
            let segment = try await w.segment(of: c.owner)
            return .init(path: "/segments/\(try w.id(segment))", json: ["version": w.version(segment), "name": "改名分组\(w.next())"])
        },
        "deleteSegment": { w, c in .init(path: "/segments/\(try w.id(try await w.segment(of: c.owner)))") },
        "getCompanySettings": { _, _ in .init(path: "/settings/company") },
        "updateCompanySettings": { _, _ in .init(path: "/settings/company", json: ["quote_validity_days": 30]) },
    ]
}
