import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer's profile on the 360 page: every field that has a value, custom fields last.
enum CustomerProfilePanel {
    static let panel = CustomerPanel(id: "profile", column: .side) { input in
        let ownerID = input.customer.$owner.id
        let owner = try await User.displayNames(Set([ownerID].compactMap { $0 }), on: input.request.db)[ownerID ?? 0]
        return view(input.customer, ownerName: owner, input.context, input.format)
    }

    static func view(_ customer: Customer, ownerName: String?, _ context: PageContext, _ format: WebFormat) -> HTML {
        let l = context.l
        var rows: [(String, String)] = [
            (l[.customerKind], l.kindName(customer.kind)), (l[.stage], l.stageName(customer.stage)),
            (l[.owner], ownerName ?? l[.none]), (l[.phone], customer.phone), (l[.email], customer.email),
            (l[.industry], customer.industry), (l[.region], customer.region), (l[.address], customer.address), (l[.website], customer.website),
            (l[.source], customer.source), (l[.annualSpend], format.money(customer.annualCategorySpend)),
            (l[.marketingConsent], customer.marketingConsent ? l[.yes] : l[.no]), (l[.lastInteraction], format.dateTime(customer.lastInteractionAt)),
            (l[.createdAt], format.dateTime(customer.createdAt)),
        ]
        for (key, value) in customer.customFields.sorted(by: { $0.key < $1.key }) { rows.append((key, value)) }
        let items: [HTML] = rows.filter { !$0.1.isEmpty }.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }
        return "<div class=\"card\" id=\"profile\"><h2>\(l[.profile])</h2><dl class=\"profile\">\(items)</dl></div>"
    }
}
