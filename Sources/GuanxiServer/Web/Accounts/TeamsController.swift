import Fluent
import GuanxiCore
import GuanxiStore
import Vapor

/// Administration of teams in the browser.
struct TeamsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.teams, use: list)
        routes.get(.teamNew, use: newForm)
        routes.post(.teams, use: create)
        routes.get(.teamEdit(SitePath.anyID), use: editForm)
        routes.post(.team(SitePath.anyID), use: update)
        routes.post(.teamDelete(SitePath.anyID), use: delete)
    }

    struct TeamForm: Content {
        var name: String?
        var description: String?
        var version: Int?
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let page = try await request.directory.teams(after: try request.pageRequest().cursor, limit: 50)
        // One grouped count for the whole page instead of one query per team.
        let ids = page.items.compactMap(\.id)
        let members = try await User.query(on: request.db).filter(\.$team.$id ~~ ids).all(\.$team.$id)
        var counts: [Int64: Int] = [:]
        for id in members.compactMap({ $0 }) { counts[id, default: 0] += 1 }
        let rows: [HTML] = page.items.map { team in
            """
            <tr><td><a href="\(SitePath.teamEdit(team.id ?? 0))">\(team.name)</a></td><td>\(team.description.isEmpty ? l[.none] : team.description)</td><td>\(counts[team.id ?? 0] ?? 0)</td></tr>
            """
        }
        let content: HTML = """
        <div class="toolbar"><span></span><a class="button" id="new-team" href="\(SitePath.teamNew)">\(l[.newTeam])</a></div>
        <div class="table-card"><table id="teams-table">
          <thead><tr><th>\(l[.teamName])</th><th>\(l[.teamDescription])</th><th>\(l[.members])</th></tr></thead>
          <tbody>\(rows.isEmpty ? [HTML("<tr><td colspan=\"3\" class=\"muted\">\(l[.noRecords])</td></tr>")] : rows)</tbody>
        </table></div>
        \(Pager.links(next: page.next, l: l, base: SitePath.teams.description, isFirst: request.query[String.self, at: "after"] == nil))
        """
        return Layout.page(l[.teamsTitle], context, content: content)
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        form(request, team: nil, values: TeamForm(), errors: [:], banner: nil)
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let team = try await request.directory.team(id: try request.idParameter())
        return form(request, team: team, values: TeamForm(name: team.name, description: team.description, version: team.version), errors: [:], banner: nil)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try request.content.decode(TeamForm.self)
        do {
            let team = try await request.directory.createTeam(name: values.name ?? "", description: values.description ?? "", by: request.actor())
            return request.redirect(to: SitePath.teams, flash: .teamCreated, name: team.name)
        } catch GuanxiError.invalid(let problems) {
            return form(request, team: nil, values: values, errors: problems.problems, banner: request.localizer[.errValidation], status: .unprocessableEntity)
        }
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(TeamForm.self)
        let existing = try await request.directory.team(id: id)
        do {
            let team = try await request.directory.updateTeam(id: id, version: values.version ?? 0, name: values.name ?? "",
                                                              description: values.description ?? "", by: request.actor())
            return request.redirect(to: SitePath.teams, flash: .teamUpdated, name: team.name)
        } catch GuanxiError.invalid(let problems) {
            return form(request, team: existing, values: values, errors: problems.problems, banner: request.localizer[.errValidation], status: .unprocessableEntity)
        } catch let error as GuanxiError {
            return form(request, team: existing, values: values, errors: [:], banner: ErrorText.message(for: error, request.localizer), status: ErrorText.status(for: error))
        }
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        try await request.directory.deleteTeam(id: try request.idParameter(), by: request.actor())
        return request.redirect(to: SitePath.teams, flash: .teamDeleted)
    }

    private func form(_ request: Request, team: Team?, values: TeamForm, errors problems: [String: FieldProblem], banner: String?,
                      status: HTTPStatus = .ok) -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.mapValues { l.message(for: $0) }
        let action = team.map { SitePath.team($0.id ?? 0).description } ?? SitePath.teams.description
        let deleteForm: HTML = team.map { team in
            """
            <form method="post" action="\(SitePath.teamDelete(team.id ?? 0))" data-confirm="\(l[.confirmDeleteTeam])">\(context.csrfField)<button class="button danger" type="submit">\(l[.delete])</button></form>
            """
        } ?? .empty
        let content: HTML = """
        <div class="card">
          \(Form.banner(banner))
          <form method="post" action="\(action)" class="stacked" id="team-form" novalidate>
            \(context.csrfField)
            \(team == nil ? HTML.empty : HTML("<input type=\"hidden\" name=\"version\" value=\"\(values.version ?? 0)\">"))
            \(Form.text("name", label: l[.teamName], value: values.name ?? "", errors: errors, required: true))
            \(Form.text("description", label: l[.teamDescription], value: values.description ?? "", errors: errors))
            <div class="form-actions">
              <button type="submit" id="save-team">\(team == nil ? l[.create] : l[.save])</button>
              <a class="button ghost" href="\(SitePath.teams)">\(l[.cancel])</a>
            </div>
          </form>
        </div>
        \(deleteForm)
        """
        let response = Layout.page(team == nil ? l[.newTeam] : l[.editTeam], context, content: content)
        response.status = status
        return response
    }
}
