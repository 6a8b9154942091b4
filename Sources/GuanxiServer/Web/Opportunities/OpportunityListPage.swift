import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Opportunities newest first, narrowed by owner, stage and whether they are still open; a stale one (no activity
/// for the company's number of days) says so.
enum OpportunityListPage {
    struct Model: Sendable {
        var ownerID: String
        var stageID: String
        var openOnly: Bool
        var isFirstPage: Bool
        var page: GuanxiStore.Page<Opportunity>
        var customers: [Int64: Customer]
        var stages: [Int64: PipelineStage]
        var owners: [(value: String, label: String)]
        var ownerNames: [Int64: String]
        var staleDays: Int
        var now: Date

        static func load(_ request: Request) async throws -> Model {
            let actor = try request.actor()
            var filter = OpportunityBook.Filter()
            let ownerID = request.query[String.self, at: "owner_id"] ?? ""
            let stageID = request.query[String.self, at: "stage_id"] ?? ""
            let openOnly = request.query[String.self, at: "open"] == "true"
            filter.ownerID = Int64(ownerID)
            filter.stageID = Int64(stageID)
            filter.openOnly = openOnly
            let cursor = (try? request.pageRequest().cursor) ?? nil
            let page = try await request.opportunities.opportunities(filter, after: cursor, limit: 50, by: actor)
            let customers = try await SalesLookup.customers(page.items.map { $0.$customer.id }, on: request.db)
            let names = try await User.displayNames(Set(page.items.compactMap { $0.$owner.id }), on: request.db)
            return Model(ownerID: ownerID, stageID: stageID, openOnly: openOnly, isFirstPage: cursor == nil, page: page,
                         customers: customers, stages: try await SalesLookup.stages(on: request.db),
                         owners: try await SalesLookup.activeUsers(on: request.db), ownerNames: names,
                         staleDays: try await request.companySettings.profile().staleOpportunityDays, now: request.guanxi.clock.now())
        }

        var query: [(String, String)] {
            [("owner_id", ownerID), ("stage_id", stageID), ("open", openOnly ? "true" : "")].filter { !$0.1.isEmpty }
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let noErrors: [String: String] = [:]
        let rows: [HTML] = model.page.items.map { opportunity in
            let id = opportunity.id ?? 0
            let customer = model.customers[opportunity.$customer.id]
            let stage = model.stages[opportunity.$stage.id]
            let stale = OpportunityBook.isStale(opportunity, customerLastInteraction: customer?.lastInteractionAt, now: model.now, days: model.staleDays)
            return """
            <tr data-id="\(id)"><td><a href="\(SitePath.opportunity(id))" class="opportunity-link">\(opportunity.title)</a>\
            \(stale ? HTML(" <span class=\"pill warn stale\">\(l[.stale])</span>") : HTML.empty)</td>
            <td><a href="\(SitePath.customer(opportunity.$customer.id))">\(customer?.name ?? "#\(opportunity.$customer.id)")</a></td>
            <td>\(OpportunityListPage.stagePill(stage, l))</td>
            \(SalesFormat.cell(opportunity.amount))
            <td>\(opportunity.expectedCloseDate ?? l[.none])</td>
            <td>\(opportunity.$owner.id.flatMap { model.ownerNames[$0] } ?? l[.none])</td></tr>
            """
        }
        let stageOptions = [("", l[.allPipelineStages])] + model.stages.values.sorted { $0.position < $1.position }
            .map { (String($0.id ?? 0), l.pipelineStageName($0)) }
        let query = model.query.map { "\($0.0)=\(CustomerFilter.escape($0.1))" }.joined(separator: "&")
        return """
        <div class="toolbar">
          <form method="get" action="\(SitePath.opportunities)" class="filters" id="opportunity-filters">
            \(Form.select("owner_id", label: l[.owner], options: [("", l[.allOwners])] + model.owners, selected: model.ownerID, errors: noErrors))
            \(Form.select("stage_id", label: l[.pipelineStage], options: stageOptions, selected: model.stageID, errors: noErrors))
            \(Form.checkbox("open", label: l[.openOnly], checked: model.openOnly))
            <button type="submit" id="apply-filters">\(l[.applyFilters])</button>
          </form>
          <div><a class="button ghost" href="\(SitePath.pipeline)">\(l[.navPipeline])</a> \
        <a class="button" href="\(SitePath.opportunityNew)" id="new-opportunity">\(l[.newOpportunity])</a></div>
        </div>
        <div class="table-card"><table id="opportunities-table">
          <thead><tr><th>\(l[.opportunityTitle])</th><th>\(l[.customer])</th><th>\(l[.pipelineStage])</th><th class="num">\(l[.amount])</th>\
        <th>\(l[.expectedClose])</th><th>\(l[.owner])</th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"6\" class=\"muted\">\(l[.noOpportunities])</td></tr>") : rows.joined())</tbody>
        </table></div>
        \(Pager.links(next: model.page.next, l: l, base: SitePath.opportunities.description, isFirst: model.isFirstPage, extraQuery: query))
        """
    }

    /// The stage as a pill: green when won, red when lost.
    static func stagePill(_ stage: PipelineStage?, _ l: Localizer) -> HTML {
        let tone = stage.map { $0.isWon ? " ok" : $0.isLost ? " bad" : " info" } ?? ""
        return "<span class=\"pill\(tone) stage-pill\">\(l.pipelineStageName(stage))</span>"
    }
}
