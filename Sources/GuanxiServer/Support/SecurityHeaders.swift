import Vapor

/// Headers every answer carries, page or not: the browser must not guess a type other than the one sent (an
/// uploaded file served as a script), must not tell other sites which page linked to them (paths carry record
/// ids), and must not show anything of ours in a frame. Pages set their own, fuller Content-Security-Policy
/// (`Layout`); every other answer gets one that allows nothing at all.
struct SecurityHeaders: AsyncMiddleware {
    static let nonPagePolicy = "default-src 'none'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        if !response.headers.contains(name: "Content-Security-Policy") {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.nonPagePolicy)
        }
        return response
    }
}
