import GuanxiCore
import Vapor

/// Registers API routes from their `APIRoute` definitions, enforcing each route's access rule.
struct APIBuilder {
    let routes: any RoutesBuilder
    let registry: APIRegistry

    func on(_ route: APIRoute, _ handler: @escaping @Sendable (Request) async throws -> Response) {
        registry.add(route)
        let access = route.access
        let body: HTTPBodyStreamStrategy = if let limit = route.uploadLimit { .collect(maxSize: ByteCount(value: limit)) }
            else if route.requestSchema == nil { .collect }
            else { .collect(maxSize: ByteCount(value: Request.maximumJSONBodyBytes)) }
        routes.on(route.method, route.pathComponents, body: body) { request in
            switch access {
            case .anyone: break
            case .signedIn: _ = try request.requireUser()
            case .admin:
                guard try request.requireUser().role.managesAccounts else { throw GuanxiError.forbidden }
            }
            return try await handler(request)
        }
    }
}

/// Signs an API request in from `Authorization: Bearer <token>`.
struct BearerAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization,
           let user = try await request.credentials.tokenUser(secret: bearer.token) {
            request.signedInUser = user
        }
        return try await next.respond(to: request)
    }
}
