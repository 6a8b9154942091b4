import GuanxiCore
import GuanxiStore
import Vapor

/// Turns every error into the API's JSON error body or a friendly HTML page. A 5xx is logged as a bug.
struct GuanxiErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            // An unknown path fails before the page middleware runs; an error page still needs the user and the
            // CSRF token so that its navigation and language switch work.
            let freshToken = await preparePageContext(request)
            let response = render(error, for: request)
            if let freshToken { response.cookies[CSRFProtection.cookieName] = request.guanxiCookie(freshToken) }
            return response
        }
    }

    /// Fills in the signed-in user and CSRF token when no page middleware did; returns a token that still needs its cookie.
    private func preparePageContext(_ request: Request) async -> String? {
        guard !request.url.path.hasPrefix("/api/"), request.csrfToken.isEmpty else { return nil }
        if request.signedInUser == nil, let secret = request.cookies[SessionAuthenticator.cookieName]?.string, !secret.isEmpty {
            request.signedInUser = try? await request.credentials.sessionUser(secret: secret)
        }
        if let existing = request.cookies[CSRFProtection.cookieName]?.string, existing.count >= 32 {
            request.csrfToken = existing
            return nil
        }
        let token = CSRFProtection.newToken()
        request.csrfToken = token
        return token
    }

    func render(_ error: any Error, for request: Request) -> Response {
        let l = request.localizer
        var status: HTTPStatus
        var code: String
        var message: String
        var fields: [String: String] = [:]
        var headers = HTTPHeaders()

        switch error {
        case let error as GuanxiError:
            status = ErrorText.status(for: error)
            code = ErrorText.code(for: error)
            message = ErrorText.message(for: error, l)
            fields = ErrorText.fields(for: error, l)
            if case .loginLocked(let seconds) = error { headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
        case let limited as RateLimited:
            status = .tooManyRequests
            code = "rate_limited"
            message = l(.errRateLimited, ["seconds": String(limited.retryAfter)])
            headers.replaceOrAdd(name: .retryAfter, value: String(limited.retryAfter))
        case let problem as RequestProblem:
            (status, code, message, fields) = ErrorText.describe(problem, l)
        case is RouteNotFound, is MisroutedMethod:
            let allowed = request.guanxi.api.allowedMethods(forAPIPath: request.url.path)
            if allowed.isEmpty {
                status = .notFound
                (code, message) = ErrorText.describe(status: status, l)
            } else {
                status = .methodNotAllowed
                code = "method_not_allowed"
                message = l(.errMethodNotAllowed, ["method": request.method.rawValue, "allowed": allowed.map(\.rawValue).joined(separator: ", ")])
                headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", "))
            }
        case let decoding as DecodingError:
            // Form bodies that do not decode: name the field.
            status = .unprocessableEntity
            code = "validation_failed"
            message = l[.errValidation]
            fields = ["body": String(describing: decoding)]
        case let abort as any AbortError:
            status = abort.status
            (code, message) = ErrorText.describe(status: status, l)
        case _ where DatabaseContention.isBusy(error) || error is ConnectionPoolTimeoutError:
            // Another connection held the write lock (or every connection) past the wait; the request changed
            // nothing and may simply be sent again.
            status = .serviceUnavailable
            code = "database_busy"
            message = l[.errDatabaseBusy]
            headers.replaceOrAdd(name: .retryAfter, value: "2")
        default:
            status = .internalServerError
            (code, message) = ErrorText.describe(status: status, l)
        }
        if code == "database_busy" {
            request.logger.warning("database busy: \(String(reflecting: error))")
        } else if status.code >= 500 {
            request.logger.error("unhandled error: \(String(reflecting: error))")
        }

        if request.url.path.hasPrefix("/api/") || !acceptsHTML(request) {
            let body = ErrorBody(code: code, message: message, fields: fields, requestID: request.requestID)
            let response = (try? Response.json(body, status: status)) ?? Response(status: status)
            for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
        if status == .unauthorized {
            return request.redirect(to: "/login")
        }
        let response = ErrorPage.render(PageContext(request: request), status: status, message: message, requestID: request.requestID)
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }

    private func acceptsHTML(_ request: Request) -> Bool {
        guard let accept = request.headers.first(name: .accept) else { return true }
        return accept.contains("text/html") || accept.contains("*/*")
    }
}

/// The page shown for 403, 404 and other errors in the browser.
enum ErrorPage {
    static func render(_ context: PageContext, status: HTTPStatus, message: String, requestID: String) -> Response {
        let l = context.l
        let title = switch status {
        case .notFound: l[.errorTitleNotFound]
        case .forbidden: l[.errorTitleForbidden]
        default: l[.errorTitle]
        }
        let content: HTML = """
        <div class="card" id="error-page">
          <h2>\(status.code) · \(title)</h2>
          <p>\(message)</p>
          <p class="muted" id="request-id">\(l[.errorRequestID]) \(requestID)</p>
          <p><a href="/">\(l[.backToDashboard])</a></p>
        </div>
        """
        let response = Layout.page(title, context, content: content)
        response.status = status
        return response
    }
}
