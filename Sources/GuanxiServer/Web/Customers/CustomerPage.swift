import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer 360 page: a header (trash banner, tags, edit and delete) above two columns of panels that the
/// features register (`CustomerPanels`).
enum CustomerPage {
    @Sendable static func show(_ request: Request) async throws -> Response {
        try await render(request)
    }

    /// A refused merge: what was typed and why it was refused, shown next to the merge field.
    struct MergeAttempt: Sendable {
        var duplicateID: String
        var problem: String
    }

    /// What the header shows; the panels carry the rest.
    struct Model: Sendable {
        var id: Int64
        var name: String
        var tags: [String]
        var canWrite: Bool
        var deletedAt: Date?
        var mergedIntoID: Int64?
        /// The panels' cards, in page order, per column.
        var main: [HTML]
        var side: [HTML]
    }

    static func render(_ request: Request, merge attempt: MergeAttempt? = nil) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let customer = try await request.customers.customer(id: id, includeDeleted: true, by: actor)
        let canWrite = try await request.customers.canWrite(customer, by: actor)
        // The trash shows only what one may restore; a trashed customer's page follows it, so to others it is missing.
        if customer.deletedAt != nil && !canWrite { throw GuanxiError.notFound(entity: "customer") }
        let context = PageContext(request: request)
        let scope = CustomerPanelScope(
            customerID: id, actor: actor, canWrite: canWrite, isDeleted: customer.deletedAt != nil, context: context,
            format: WebFormat(timeZone: request.guanxi.settings.timeZone), now: request.guanxi.clock.now())
        let input = CustomerPanelInput(request: request, customer: customer, scope: scope, mergeAttempt: attempt)
        async let tags = CustomerBook.tags(of: [id], on: request.db)
        let panels = request.guanxi.customerPanels.all
        let cards = try await withThrowingTaskGroup(of: (Int, HTML).self) { group in
            for (index, panel) in panels.enumerated() {
                group.addTask { (index, try await panel.load(input)) }
            }
            var cards = [HTML](repeating: .empty, count: panels.count)
            for try await (index, card) in group { cards[index] = card }
            return cards
        }
        let model = Model(
            id: id, name: customer.name, tags: try await tags[id] ?? [], canWrite: canWrite, deletedAt: customer.deletedAt,
            mergedIntoID: customer.mergedIntoID,
            main: zip(panels, cards).filter { $0.0.column == .main }.map(\.1),
            side: zip(panels, cards).filter { $0.0.column == .side }.map(\.1))
        let response = Layout.page(customer.name, context, content: view(model, context, format: input.format))
        if attempt != nil { response.status = .unprocessableEntity }
        return response
    }

    static func view(_ model: Model, _ context: PageContext, format: WebFormat) -> HTML {
        let l = context.l
        let id = model.id
        var actions: [HTML] = []
        if model.canWrite && model.deletedAt == nil {
            actions.append("<a class=\"button ghost\" id=\"edit-customer\" href=\"\(SitePath.customerEdit(id))\">\(l[.edit])</a>")
            actions.append("<form class=\"inline\" method=\"post\" action=\"\(SitePath.customerDelete(id))\" data-confirm=\"\(l[.confirmDeleteCustomer])\">\(context.csrfField)<button class=\"danger\" id=\"delete-customer\" type=\"submit\">\(l[.delete])</button></form>")
        }
        var deletedBanner = HTML.empty
        if let deletedAt = model.deletedAt {
            let when = format.dateTime(deletedAt)
            let restoreButton: HTML = "<form class=\"inline\" method=\"post\" action=\"\(SitePath.customerRestore(id))\">\(context.csrfField)<button type=\"submit\" id=\"restore-customer\">\(l[.restore])</button></form>"
            if let survivor = model.mergedIntoID {
                deletedBanner = "<div class=\"banner error\" id=\"deleted-banner\">\(l(.mergedIntoBanner, ["date": when])) <a href=\"\(SitePath.customer(survivor))\" id=\"merged-into\">#\(survivor)</a> \(restoreButton)</div>"
            } else {
                deletedBanner = "<div class=\"banner error\" id=\"deleted-banner\">\(l[.deletedBanner]) \(l(.deletedOn, ["date": when])) \(restoreButton)</div>"
            }
        }
        let readOnly: HTML = model.canWrite ? .empty : "<p class=\"muted\" id=\"read-only\">\(l[.readOnlyCustomer])</p>"
        let tagPills: [HTML] = model.tags.map { "<a class=\"pill\" href=\"\(SitePath.customers)?tag=\(CustomerFilter.escape($0))\">\($0)</a> " }
        return """
        \(deletedBanner)
        <div class="toolbar"><div>\(tagPills)</div><div>\(actions)</div></div>
        \(readOnly)
        <div class="columns">
          <div>\(model.main)</div>
          <div>\(model.side)</div>
        </div>
        """
    }
}
