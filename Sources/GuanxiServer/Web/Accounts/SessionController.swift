import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Login, logout and the language switch.
struct SessionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.login, use: showLogin)
        routes.post(.login, use: login)
        routes.post(.logout, use: logout)
        routes.post(.language, use: switchLanguage)
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    @Sendable func showLogin(_ request: Request) async throws -> Response {
        if request.signedInUser != nil { return request.redirect(to: "/") }
        return LoginPage.render(PageContext(request: request), username: "", next: request.query[String.self, at: "next"], error: nil)
    }

    @Sendable func login(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LoginForm.self)
        let username = form.username ?? ""
        let context = PageContext(request: request)
        do {
            let user = try await request.credentials.authenticate(
                username: username, password: form.password ?? "",
                remoteAddress: request.remoteAddress?.ipAddress ?? "unknown")
            // A fresh session id at every sign-in; a session the browser brought along ends, so an id set before
            // sign-in (by anyone) is never the signed-in one.
            if let earlier = request.cookies[SessionAuthenticator.cookieName]?.string, !earlier.isEmpty {
                try await request.credentials.endSession(secret: earlier)
            }
            let secret = try await request.credentials.startSession(for: user)
            let response = request.redirect(to: request.safeReturnPath(form.next))
            response.cookies[SessionAuthenticator.cookieName] = request.guanxiCookie(secret)
            return response
        } catch GuanxiError.unauthenticated {
            let page = LoginPage.render(context, username: username, next: form.next, error: context.l[.loginFailed])
            page.status = .unauthorized
            return page
        } catch GuanxiError.loginLocked(let seconds) {
            let page = LoginPage.render(context, username: username, next: form.next,
                                        error: context.l(.loginLocked, ["seconds": String(seconds)]))
            page.status = .tooManyRequests
            page.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return page
        }
    }

    @Sendable func logout(_ request: Request) async throws -> Response {
        if let secret = request.cookies[SessionAuthenticator.cookieName]?.string {
            try await request.credentials.endSession(secret: secret)
        }
        let response = request.redirect(to: SitePath.login, flash: .signedOut)
        response.cookies[SessionAuthenticator.cookieName] = request.guanxiCookie("", expired: true)
        return response
    }

    struct LanguageForm: Content {
        var language: String?
        var return_to: String?
    }

    /// Saves the choice on the account when signed in, and in a cookie for the login page.
    @Sendable func switchLanguage(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LanguageForm.self)
        guard let language = form.language.flatMap(Language.init(rawValue:)) else {
            throw RequestProblem.badFields(["language": request.localizer(.fpNotOneOf, ["values": Language.allCases.map(\.rawValue).joined(separator: ", ")])])
        }
        if let user = request.signedInUser {
            try await request.directory.setOwnLanguage(userID: user.requireID(), language, by: request.actor())
        }
        let response = request.redirect(to: request.safeReturnPath(form.return_to))
        response.cookies["gx_lang"] = request.guanxiCookie(language.rawValue, maxAge: 365 * 24 * 3600)
        return response
    }
}

/// The sign-in page.
enum LoginPage {
    static func render(_ context: PageContext, username: String, next: String?, error: String?) -> Response {
        let l = context.l
        let content: HTML = """
        <div class="login-card">
          <div class="brand"><span class="brand-mark">关</span><span>\(l[.appName])</span></div>
          <p class="sub">\(l[.loginSubtitle])</p>
          \(Form.banner(error))
          <form method="post" action="\(SitePath.login)" id="login-form">
            \(context.csrfField)
            <input type="hidden" name="next" value="\(next ?? "/")">
            \(Form.text("username", label: l[.username], value: username, errors: [:], required: true, autocomplete: "username"))
            \(Form.text("password", label: l[.password], value: "", errors: [:], type: "password", required: true, autocomplete: "current-password"))
            <button type="submit" id="login-submit">\(l[.loginButton])</button>
          </form>
        </div>
        """
        return Layout.page(l[.loginTitle], context, content: content)
    }
}
