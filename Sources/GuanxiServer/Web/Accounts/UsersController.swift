import Fluent
import GuanxiCore
import GuanxiStore
import Vapor

/// Administration of user accounts in the browser.
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.users, use: list)
        routes.get(.userNew, use: newForm)
        routes.post(.users, use: create)
        routes.get(.userEdit(SitePath.anyID), use: editForm)
        routes.post(.user(SitePath.anyID), use: update)
        routes.post(.userDelete(SitePath.anyID), use: delete)
        routes.post(.userSignOut(SitePath.anyID), use: signOut)
    }

    struct UserForm: Content {
        var username: String?
        var display_name: String?
        var email: String?
        var role: String?
        var team_id: String?
        var language: String?
        var active: String?
        var password: String?
        var version: Int?
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let page = try await request.directory.users(after: try request.pageRequest().cursor, limit: 50)
        let teamIDs = Set(page.items.compactMap { $0.$team.id })
        let teams = try await Team.query(on: request.db).filter(\.$id ~~ teamIDs).all()
        let teamNames = Dictionary(uniqueKeysWithValues: teams.compactMap { team in team.id.map { ($0, team.name) } })
        let rows: [HTML] = page.items.map { user in
            let status: HTML = user.active ? "<span class=\"pill ok\">\(l[.active])</span>" : "<span class=\"pill off\">\(l[.inactive])</span>"
            return """
            <tr data-username="\(user.username)">
              <td><a href="\(SitePath.userEdit(user.id ?? 0))">\(user.username)</a></td>
              <td>\(user.displayName)</td><td>\(user.email.isEmpty ? l[.none] : user.email)</td>
              <td>\(l.roleName(user.role))</td><td>\(user.$team.id.flatMap { teamNames[$0] } ?? l[.none])</td>
              <td>\(status)</td>
            </tr>
            """
        }
        let content: HTML = """
        <div class="toolbar"><span class="muted"></span><a class="button" id="new-user" href="\(SitePath.userNew)">\(l[.newUser])</a></div>
        <div class="table-card"><table id="users-table">
          <thead><tr><th>\(l[.username])</th><th>\(l[.displayName])</th><th>\(l[.email])</th><th>\(l[.role])</th><th>\(l[.team])</th><th>\(l[.status])</th></tr></thead>
          <tbody>\(rows)</tbody>
        </table></div>
        \(Pager.links(next: page.next, l: l, base: SitePath.users.description, isFirst: request.query[String.self, at: "after"] == nil))
        """
        return Layout.page(l[.usersTitle], context, content: content)
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try await form(request, user: nil, values: UserForm(role: Role.sales.rawValue, language: "", active: "true"), errors: FieldProblems(), banner: nil)
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let user = try await request.directory.user(id: try request.idParameter())
        let values = UserForm(
            username: user.username, display_name: user.displayName, email: user.email, role: user.role.rawValue,
            team_id: user.$team.id.map(String.init), language: user.language?.rawValue ?? "", active: user.active ? "true" : nil,
            password: nil, version: user.version)
        return try await form(request, user: user, values: values, errors: FieldProblems(), banner: nil)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try request.content.decode(UserForm.self)
        do {
            var problems = FieldProblems()
            let role = Self.parseRole(values.role, &problems)
            let teamID = Self.parseTeam(values.team_id, &problems)
            try problems.throwIfAny()
            let user = try await request.directory.createUser(.init(
                username: values.username ?? "", displayName: values.display_name ?? "", email: values.email ?? "",
                role: role ?? .sales, teamID: teamID, language: values.language.flatMap(Language.init(rawValue:)),
                active: values.active == "true", password: values.password ?? ""), by: request.actor())
            return request.redirect(to: SitePath.users, flash: .userCreated, name: user.username)
        } catch GuanxiError.invalid(let problems) {
            return try await form(request, user: nil, values: values, errors: problems, banner: request.localizer[.errValidation], status: .unprocessableEntity)
        }
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(UserForm.self)
        let existing = try await request.directory.user(id: id)
        do {
            var problems = FieldProblems()
            let role = Self.parseRole(values.role, &problems)
            let teamID = Self.parseTeam(values.team_id, &problems)
            try problems.throwIfAny()
            let password = values.password.flatMap { $0.isEmpty ? nil : $0 }
            let user = try await request.directory.updateUser(id: id, version: values.version ?? 0, .init(
                displayName: values.display_name ?? "", email: values.email ?? "", role: role, teamID: .some(teamID),
                language: .some(values.language.flatMap(Language.init(rawValue:))), active: values.active == "true",
                password: password), by: request.actor())
            return request.redirect(to: SitePath.users, flash: .userUpdated, name: user.username)
        } catch GuanxiError.invalid(let problems) {
            return try await form(request, user: existing, values: values, errors: problems, banner: request.localizer[.errValidation], status: .unprocessableEntity)
        } catch let error as GuanxiError {
            return try await form(request, user: existing, values: values, errors: FieldProblems(),
                                  banner: ErrorText.message(for: error, request.localizer), status: ErrorText.status(for: error))
        }
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        try await request.directory.deleteUser(id: id, by: request.actor())
        return request.redirect(to: SitePath.users, flash: .userDeleted)
    }

    @Sendable func signOut(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let user = try await request.directory.user(id: id)
        try await request.directory.endSessions(userID: id, by: request.actor())
        return request.redirect(to: SitePath.users, flash: .userSignedOut, name: user.username)
    }

    static func parseRole(_ text: String?, _ problems: inout FieldProblems) -> Role? {
        guard let text, let role = Role(rawValue: text) else {
            problems["role"] = .notOneOf(Role.allCases.map(\.rawValue))
            return nil
        }
        return role
    }

    static func parseTeam(_ text: String?, _ problems: inout FieldProblems) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let id = Int64(text) else { problems["team_id"] = .unknownReference; return nil }
        return id
    }

    private func form(_ request: Request, user: User?, values: UserForm, errors problems: FieldProblems, banner: String?,
                      status: HTTPStatus = .ok) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let teams = try await request.directory.allTeams()
        let teamOptions = [("", l[.noTeam])] + teams.map { (String($0.id ?? 0), $0.name) }
        let roleOptions = Role.allCases.map { ($0.rawValue, l.roleName($0)) }
        let languageOptions = [("", l[.followBrowser]), (Language.chinese.rawValue, l[.languageChinese]), (Language.english.rawValue, l[.languageEnglish])]
        let isNew = user == nil
        let action = isNew ? SitePath.users.description : SitePath.user(user?.id ?? 0).description
        let deleteForm: HTML = if let user, user.id != request.signedInUser?.id {
            """
            <form method="post" action="\(SitePath.userDelete(user.id ?? 0))" data-confirm="\(l[.confirmDeleteUser])">\(context.csrfField)<button class="button danger" type="submit" id="delete-user">\(l[.delete])</button></form>
            <form method="post" action="\(SitePath.userSignOut(user.id ?? 0))" data-confirm="\(l[.confirmSignOutUser])">\(context.csrfField)<button class="button" type="submit" id="sign-out-user">\(l[.signOutUser])</button></form>
            """
        } else { .empty }
        let content: HTML = """
        <div class="card">
          \(Form.banner(banner))
          <form method="post" action="\(action)" class="stacked" id="user-form" novalidate>
            \(context.csrfField)
            \(isNew ? Form.text("username", label: l[.username], value: values.username ?? "", errors: errors, required: true)
                    : HTML("<input type=\"hidden\" name=\"version\" value=\"\(values.version ?? 0)\"><div class=\"field\"><label>\(l[.username])</label><strong>\(user?.username ?? "")</strong></div>"))
            \(Form.text("display_name", label: l[.displayName], value: values.display_name ?? "", errors: errors, required: true))
            \(Form.text("email", label: l[.email], value: values.email ?? "", errors: errors, type: "email"))
            \(Form.select("role", label: l[.role], options: roleOptions, selected: values.role ?? "", errors: errors))
            \(Form.select("team_id", label: l[.team], options: teamOptions, selected: values.team_id ?? "", errors: errors))
            \(Form.select("language", label: l[.preferredLanguage], options: languageOptions, selected: values.language ?? "", errors: errors))
            \(Form.checkbox("active", label: l[.active], checked: values.active == "true"))
            \(Form.text("password", label: isNew ? l[.initialPassword] : l[.password], value: "", errors: errors, type: "password",
                        required: isNew, hint: isNew ? l[.passwordRule] : l[.passwordKeepHint], autocomplete: "new-password"))
            <div class="form-actions">
              <button type="submit" id="save-user">\(isNew ? l[.create] : l[.save])</button>
              <a class="button ghost" href="\(SitePath.users)">\(l[.cancel])</a>
            </div>
          </form>
        </div>
        \(deleteForm)
        """
        let response = Layout.page(isNew ? l[.newUser] : l[.editUser], context, content: content)
        response.status = status
        return response
    }
}
