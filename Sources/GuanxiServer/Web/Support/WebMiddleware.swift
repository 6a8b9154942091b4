import Crypto
import Foundation
import GuanxiCore
import Vapor

/// Signs the browser in from its session cookie, if any.
struct SessionAuthenticator: AsyncMiddleware {
    static let cookieName = "gx_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let secret = request.cookies[Self.cookieName]?.string, !secret.isEmpty,
           let user = try await request.credentials.sessionUser(secret: secret) {
            request.signedInUser = user
        }
        return try await next.respond(to: request)
    }
}

/// Double-submit CSRF protection: a random cookie that every form echoes in `_csrf`.
/// A cross-site page can make the browser send the cookie but cannot read it to fill the field.
struct CSRFProtection: AsyncMiddleware {
    static let cookieName = "gx_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing: String? = request.cookies[Self.cookieName].map(\.string).flatMap { $0.count >= 32 ? $0 : nil }
        let token = existing ?? Self.newToken()
        request.csrfToken = token
        if request.method == .POST {
            // Large uploads arrive streamed; the token is inside the body, so collect it first (within the route's limit).
            if request.body.data == nil {
                let limit = request.url.path == ImportController.uploadPath ? ImportController.uploadLimit
                    : BidsController.isUploadPath(request.url.path) ? BidsController.uploadBodyLimit
                    : request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            let submitted = try? request.content.get(String.self, at: "_csrf")
            guard let submitted, existing != nil, Self.constantTimeEqual(submitted, token) else {
                throw RequestProblem.csrf
            }
        }
        let response = try await next.respond(to: request)
        if existing == nil {
            response.cookies[Self.cookieName] = request.guanxiCookie(token)
        }
        return response
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Sends anonymous browsers to the login page, remembering where they wanted to go.
struct RequireSignIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.signedInUser != nil else {
            let target = request.method == .GET ? request.url.path : "/"
            var components = URLComponents()
            components.path = SitePath.login.description
            components.queryItems = [URLQueryItem(name: "next", value: target)]
            return request.redirect(to: components.string ?? SitePath.login.description)
        }
        return try await next.respond(to: request)
    }
}

/// Administration pages: administrators only; everyone else gets a 403 page.
struct RequireAdmin: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard try request.requireUser().role.managesAccounts else { throw GuanxiError.forbidden }
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }

    /// The CSRF token for forms on this page.
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }

    /// A cookie only this site's pages send and no script reads; `Secure` when served over HTTPS,
    /// directly (GUANXI_PUBLIC_URL) or behind a proxy that says so in `X-Forwarded-Proto`.
    func guanxiCookie(_ value: String, maxAge: Int? = nil, expired: Bool = false) -> HTTPCookies.Value {
        let secure = guanxi.settings.secureCookies || headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
        return HTTPCookies.Value(
            string: value, expires: expired ? Date(timeIntervalSince1970: 0) : nil, maxAge: maxAge, path: "/",
            isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    /// Only local paths are followed after login or a language switch, never another site.
    func safeReturnPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.contains("\\") else { return "/" }
        return candidate
    }
}

/// Counts the signed-in user's due reminders once per page, for the bar every page shows.
struct ReminderCounter: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .GET, let actor = try? request.actor() {
            request.dueReminders = (try? await request.tasks.dueReminderCount(for: actor)) ?? 0
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct DueRemindersKey: StorageKey { typealias Value = Int }

    var dueReminders: Int {
        get { storage[DueRemindersKey.self] ?? 0 }
        set { storage[DueRemindersKey.self] = newValue }
    }
}
