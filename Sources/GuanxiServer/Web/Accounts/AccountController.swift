import GuanxiCore
import GuanxiStore
import Vapor

/// A user's own account: password and language.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.account, use: show)
        routes.post(.accountPassword, use: changePassword)
    }

    struct PasswordForm: Content {
        var old_password: String?
        var new_password: String?
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        render(request, errors: [:], banner: nil)
    }

    @Sendable func changePassword(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let form = try request.content.decode(PasswordForm.self)
        do {
            try await request.directory.changeOwnPassword(
                userID: user.requireID(), old: form.old_password ?? "", new: form.new_password ?? "", by: request.actor())
        } catch GuanxiError.invalid(let problems) {
            let response = render(request, errors: problems.problems, banner: request.localizer[.errValidation])
            response.status = .unprocessableEntity
            return response
        }
        // Changing the password ended every session, this one too: start a fresh one.
        let secret = try await request.credentials.startSession(for: user)
        let response = request.redirect(to: SitePath.account, flash: .passwordChanged)
        response.cookies[SessionAuthenticator.cookieName] = request.guanxiCookie(secret)
        return response
    }

    private func render(_ request: Request, errors problems: [String: FieldProblem], banner: String?) -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.mapValues { l.message(for: $0) }
        let user = request.signedInUser
        let content: HTML = """
        <div class="card">
          <h2>\(user?.displayName ?? "")</h2>
          <p class="muted">\(l[.username]): \(user?.username ?? "") · \(l[.role]): \(user.map { l.roleName($0.role) } ?? "") · \(l[.email]): \(user.map { $0.email.isEmpty ? l[.none] : $0.email } ?? l[.none])</p>
        </div>
        <div class="card">
          <h2>\(l[.preferredLanguage])</h2>
          \(Layout.languageSwitch(context, idPrefix: "account-lang"))
        </div>
        <div class="card">
          <h2>\(l[.changePassword])</h2>
          \(Form.banner(banner))
          <form method="post" action="\(SitePath.accountPassword)" class="stacked" id="password-form" novalidate>
            \(context.csrfField)
            \(Form.text("old_password", label: l[.oldPassword], value: "", errors: errors, type: "password", required: true, autocomplete: "current-password"))
            \(Form.text("new_password", label: l[.newPassword], value: "", errors: errors, type: "password", required: true, hint: l[.passwordRule], autocomplete: "new-password"))
            <div class="form-actions"><button type="submit" id="change-password">\(l[.save])</button></div>
          </form>
        </div>
        """
        return Layout.page(l[.accountTitle], context, content: content)
    }
}
