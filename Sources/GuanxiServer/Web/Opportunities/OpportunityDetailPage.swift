import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// One opportunity: its terms, its moves through the pipeline (who, when, from → to, how long it stayed) and its quotes.
enum OpportunityDetailPage {
    struct Model: Sendable {
        var opportunity: Opportunity
        var customer: Customer
        var contact: Contact?
        var stages: [Int64: PipelineStage]
        var history: [OpportunityStageChange]
        var quotes: [Quote]
        var userNames: [Int64: String]
        var canWrite: Bool
        var stale: Bool
        var now: Date

        static func load(_ request: Request) async throws -> Model {
            let actor = try request.actor()
            let id = try request.idParameter()
            let opportunity = try await request.opportunities.opportunity(id: id, by: actor)
            let customer = try await request.customers.customer(id: opportunity.$customer.id, by: actor)
            let history = try await request.opportunities.history(of: id, by: actor)
            var filter = QuoteBook.Filter()
            filter.opportunityID = id
            let quotes = try await request.quotes.quotes(filter, after: nil, limit: 50, by: actor).items
            var contact: Contact?
            if let contactID = opportunity.$contact.id { contact = try await Contact.find(contactID, on: request.db) }
            let people = Set(history.compactMap { $0.$changedBy.id } + [opportunity.$owner.id].compactMap { $0 })
            let now = request.guanxi.clock.now()
            let days = try await request.companySettings.profile().staleOpportunityDays
            return Model(opportunity: opportunity, customer: customer, contact: contact, stages: try await SalesLookup.stages(on: request.db),
                         history: history, quotes: quotes, userNames: try await User.displayNames(people, on: request.db),
                         canWrite: try await request.customers.canWrite(customer, by: actor),
                         stale: OpportunityBook.isStale(opportunity, customerLastInteraction: customer.lastInteractionAt, now: now, days: days),
                         now: now)
        }
    }

    static func view(_ model: Model, _ context: PageContext, format: WebFormat) -> HTML {
        let l = context.l
        let opportunity = model.opportunity
        let id = opportunity.id ?? 0
        let stage = model.stages[opportunity.$stage.id]
        let weighted = LinePricing.proportion(opportunity.amount, part: Int64(stage?.probability ?? 0), of: 100)
        var actions: [HTML] = []
        if model.canWrite {
            actions.append("<a class=\"button\" id=\"new-quote-for-opportunity\" href=\"\(SitePath.quoteNew.with([("customer_id", String(model.customer.id ?? 0)), ("opportunity_id", String(id))]))\">\(l[.newQuote])</a>")
            actions.append("<a class=\"button ghost\" id=\"edit-opportunity\" href=\"\(SitePath.opportunityEdit(id))\">\(l[.edit])</a>")
            actions.append("<form class=\"inline\" method=\"post\" action=\"\(SitePath.opportunityDelete(id))\" data-confirm=\"\(l[.confirmDeleteOpportunity])\">\(context.csrfField)<button class=\"danger\" type=\"submit\" id=\"delete-opportunity\">\(l[.delete])</button></form>")
        }
        func item(_ label: String, _ value: HTML) -> HTML { "<dt>\(label)</dt><dd>\(value)</dd>" }
        let details: [HTML] = [
            item(l[.customer], "<a href=\"\(SitePath.customer(model.customer.id ?? 0))\">\(model.customer.name)</a>"),
            item(l[.contactPerson], "\(model.contact?.name ?? l[.none])"),
            item(l[.pipelineStage], "\(OpportunityListPage.stagePill(stage, l)) \(model.stale ? HTML("<span class=\"pill warn stale\">\(l[.stale])</span>") : HTML.empty)"),
            item(l[.amount], "<span class=\"num\" id=\"opportunity-amount\">\(SalesFormat.money(opportunity.amount))</span>"),
            item(l[.weightedAmount], "\(SalesFormat.money(weighted)) (\(stage?.probability ?? 0) %)"),
            item(l[.expectedClose], "\(opportunity.expectedCloseDate ?? l[.none])"),
            item(l[.owner], "\(opportunity.$owner.id.flatMap { model.userNames[$0] } ?? l[.none])"),
            item(l[.source], "\(opportunity.source)"),
            item(l[.nextStep], "\(opportunity.nextStep)"),
            item(l[.competitors], "\(opportunity.competitors)"),
            opportunity.lostReason.isEmpty ? .empty : item(l[.lostReason], "\(opportunity.lostReason)"),
            item(l[.createdAt], "\(format.dateTime(opportunity.createdAt))"),
        ]
        let moves: [HTML] = model.history.enumerated().map { index, change in
            let left = index + 1 < model.history.count ? model.history[index + 1].changedAt : (opportunity.closedAt ?? model.now)
            let from: HTML = change.$fromStage.id.map { HTML("\(l.pipelineStageName(model.stages[$0])) → ") } ?? HTML("\(l[.created]) → ")
            return """
            <tr><td>\(format.dateTime(change.changedAt))</td><td>\(change.$changedBy.id.flatMap { model.userNames[$0] } ?? l[.none])</td>
            <td>\(from)<strong>\(l.pipelineStageName(model.stages[change.$toStage.id]))</strong></td>
            <td class="num">\(SalesFormat.days(left.timeIntervalSince(change.changedAt), l))</td></tr>
            """
        }
        let quoteRows: [HTML] = model.quotes.map { quote in
            """
            <tr><td><a href="\(SitePath.quote(quote.id ?? 0))">\(quote.number)</a> <span class="muted">\(l(.revisionN, ["n": String(quote.revision)]))</span></td>
            <td>\(quote.quoteDate)</td><td>\(SalesFormat.quoteStatusPill(quote.status, l))</td>\(SalesFormat.cell(quote.grossTotal))</tr>
            """
        }
        return """
        <div class="toolbar"><div><a href="\(SitePath.opportunities)">← \(l[.opportunitiesTitle])</a></div><div>\(actions)</div></div>
        <div class="columns">
          <div>
            <div class="card" id="stage-history"><h2>\(l[.stageHistory])</h2>
              <table><thead><tr><th>\(l[.when])</th><th>\(l[.who])</th><th>\(l[.stageMove])</th><th class="num">\(l[.timeInStage])</th></tr></thead>
              <tbody>\(moves)</tbody></table>
            </div>
            <div class="card" id="opportunity-quotes"><h2>\(l[.quotesTitle])</h2>
              \(quoteRows.isEmpty ? HTML("<p class=\"muted\">\(l[.noQuotes])</p>") : HTML("<table><thead><tr><th>\(l[.quoteNumber])</th><th>\(l[.quoteDate])</th><th>\(l[.status])</th><th class=\"num\">\(l[.grossTotal])</th></tr></thead><tbody>\(quoteRows)</tbody></table>"))
            </div>
          </div>
          <div><div class="card" id="opportunity-details"><h2>\(opportunity.title)</h2><dl class="profile">\(details)</dl></div></div>
        </div>
        """
    }
}
