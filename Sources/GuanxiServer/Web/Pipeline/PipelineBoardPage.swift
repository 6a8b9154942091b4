import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// What the board and the forecast are narrowed to: owner, team and expected close dates, read from the query or
/// from a card's form (which carries them so the board comes back as it was).
struct PipelineFilters: Sendable {
    var ownerID = ""
    var teamID = ""
    var closeFrom = ""
    var closeTo = ""

    init(_ value: (String) -> String?) {
        ownerID = value("owner_id") ?? ""
        teamID = value("team_id") ?? ""
        closeFrom = value("close_from").flatMap { DayParser.parse($0) == nil ? nil : $0 } ?? ""
        closeTo = value("close_to").flatMap { DayParser.parse($0) == nil ? nil : $0 } ?? ""
    }

    init(_ request: Request) {
        self.init { request.query[String.self, at: $0] }
    }

    var filter: OpportunityBook.Filter {
        var filter = OpportunityBook.Filter()
        filter.ownerID = Int64(ownerID)
        filter.teamID = Int64(teamID)
        filter.closeFrom = closeFrom.isEmpty ? nil : closeFrom
        filter.closeTo = closeTo.isEmpty ? nil : closeTo
        return filter
    }

    var query: [(String, String)] {
        [("owner_id", ownerID), ("team_id", teamID), ("close_from", closeFrom), ("close_to", closeTo)].filter { !$0.1.isEmpty }
    }

    var hiddenFields: HTML {
        query.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" as HTML }.joined()
    }

    /// The owner and team selects (and, unless `withDates` is false, the close-date range) of a GET filter form.
    static func fields(_ filters: PipelineFilters, owners: [(value: String, label: String)], teams: [Team], withDates: Bool = true,
                       l: Localizer) -> HTML {
        let noErrors: [String: String] = [:]
        let teamOptions = [("", l[.allTeams])] + teams.map { (String($0.id ?? 0), $0.name) }
        return """
        \(Form.select("owner_id", label: l[.owner], options: [("", l[.allOwners])] + owners, selected: filters.ownerID, errors: noErrors))
        \(Form.select("team_id", label: l[.team], options: teamOptions, selected: filters.teamID, errors: noErrors))
        \(withDates ? HTML("\(Form.text("close_from", label: l[.closeFrom], value: filters.closeFrom, errors: noErrors, type: "date"))\(Form.text("close_to", label: l[.closeTo], value: filters.closeTo, errors: noErrors, type: "date"))") : HTML.empty)
        """
    }
}

/// The pipeline board: a column per open stage with its count, total and weighted total, and a card per
/// opportunity that moves it to another stage.
enum PipelineBoardPage {
    /// A refused move, shown on its card.
    struct MoveAttempt: Sendable {
        var opportunityID: Int64
        var stageID: String
        var lostReason: String
        var problems: FieldProblems
    }

    struct Model: Sendable {
        var filters: PipelineFilters
        var columns: [PipelineBoard.Column]
        /// Every active stage a card may move to, won and lost ones included.
        var targets: [PipelineStage]
        var customers: [Int64: Customer]
        var ownerNames: [Int64: String]
        var owners: [(value: String, label: String)]
        var teams: [Team]
        var attempt: MoveAttempt?

        static func load(_ request: Request, filters: PipelineFilters, attempt: MoveAttempt? = nil) async throws -> Model {
            let actor = try request.actor()
            let columns = try await request.pipeline.columns(filters.filter, by: actor)
            let cards = columns.flatMap(\.cards)
            return Model(filters: filters, columns: columns, targets: try await request.stages.stages().filter(\.active),
                         customers: try await SalesLookup.customers(cards.map { $0.$customer.id }, on: request.db),
                         ownerNames: try await User.displayNames(Set(cards.compactMap { $0.$owner.id }), on: request.db),
                         owners: try await SalesLookup.activeUsers(on: request.db),
                         teams: try await Team.query(on: request.db).sort(\.$name).all(), attempt: attempt)
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let columns: [HTML] = model.columns.map { column in
            let stageID = column.stage.id ?? 0
            let cards: [HTML] = column.cards.map { card(model, $0, context) }
            return """
            <section class="board-column" id="column-\(stageID)" data-stage="\(stageID)">
              <header class="column-head"><h2>\(l.pipelineStageName(column.stage)) <span class="muted">\(column.stage.probability) %</span></h2>
                <div class="column-figures"><span class="column-count">\(l(.columnCount, ["n": String(column.count)]))</span>
                <span>\(l[.columnTotal]) <strong class="column-total">\(SalesFormat.money(column.amount))</strong></span>
                <span>\(l[.columnWeighted]) <strong class="column-weighted">\(SalesFormat.money(column.weightedAmount))</strong></span></div>
              </header>
              \(cards.isEmpty ? HTML("<p class=\"muted empty-column\">\(l[.noCards])</p>") : cards.joined())
            </section>
            """
        }
        let banner: HTML = model.attempt == nil ? .empty : Form.banner(l[.moveFailed])
        return """
        \(banner)
        <div class="toolbar">
          <form method="get" action="\(SitePath.pipeline)" class="filters" id="pipeline-filters">
            \(PipelineFilters.fields(model.filters, owners: model.owners, teams: model.teams, l: l))
            <button type="submit" id="apply-filters">\(l[.applyFilters])</button>
          </form>
          <div><a class="button ghost" id="forecast-link" href="\(SitePath.pipelineForecast.with(model.filters.query))">\(l[.forecastLink])</a> \
        <a class="button" href="\(SitePath.opportunityNew)">\(l[.newOpportunity])</a></div>
        </div>
        \(columns.isEmpty ? HTML("<p class=\"muted\">\(l[.noOpenStages])</p>") : HTML("<div class=\"board\" id=\"pipeline-board\">\(columns)</div>"))
        """
    }

    static func card(_ model: Model, _ opportunity: Opportunity, _ context: PageContext) -> HTML {
        let l = context.l
        let id = opportunity.id ?? 0
        let attempt = model.attempt?.opportunityID == id ? model.attempt : nil
        let errors = attempt?.problems.problems.mapValues { l.message(for: $0) } ?? [:]
        let selected = attempt?.stageID ?? String(opportunity.$stage.id)
        let options: [HTML] = model.targets.map { stage in
            let value = String(stage.id ?? 0)
            return "<option value=\"\(value)\"\(value == selected ? HTML(raw: " selected") : HTML.empty)>\(l.pipelineStageName(stage))</option>"
        }
        let errorNotes: [HTML] = ["stage_id", "lost_reason"].compactMap { field in
            errors[field].map { HTML("<p class=\"field-error\" id=\"error-\(field)-\(id)\">\($0)</p>") }
        }
        let customer = model.customers[opportunity.$customer.id]
        return """
        <article class="board-card\(attempt == nil ? "" : " has-error")" id="card-\(id)">
          <div class="muted">\(customer?.name ?? "")</div>
          <a class="card-title" href="\(SitePath.opportunity(id))">\(opportunity.title)</a>
          <div class="card-figures"><strong class="num">¥\(SalesFormat.money(opportunity.amount))</strong>\
        <span class="muted">\(opportunity.expectedCloseDate ?? l[.none])</span></div>
          <div class="muted">\(opportunity.$owner.id.flatMap { model.ownerNames[$0] } ?? l[.none])</div>
          <form method="post" action="\(SitePath.opportunityMove(id))" class="card-move" id="move-\(id)">\(context.csrfField)
            <input type="hidden" name="version" value="\(opportunity.version)">\(model.filters.hiddenFields)
            <select name="stage_id" aria-label="\(l[.moveTo])">\(options)</select>
            <input type="text" name="lost_reason" value="\(attempt?.lostReason ?? "")" placeholder="\(l[.lostReasonPlaceholder])" aria-label="\(l[.lostReason])">
            <button type="submit" class="ghost">\(l[.moveButton])</button>
            \(errorNotes)
          </form>
        </article>
        """
    }
}
