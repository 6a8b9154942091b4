import GuanxiCore
import GuanxiStore
import Vapor

/// Registers API routes from their `APIRoute` definitions, enforcing each route's access rule.
struct APIBuilder {
    let routes: any RoutesBuilder
    let registry: APIRegistry

    func on(_ route: APIRoute, _ handler: @escaping @Sendable (Request) async throws -> Response) {
        registry.add(route)
        let access = route.access
        let registry = self.registry
        let body: HTTPBodyStreamStrategy = if let limit = route.uploadLimit { .collect(maxSize: ByteCount(value: limit)) }
            else if route.requestSchema == nil { .collect }
            else { .collect(maxSize: ByteCount(value: Request.maximumJSONBodyBytes)) }
        routes.on(route.method, route.pathComponents, body: body) { request in
            request.apiRoute = route
            // The router lets a parameter take a literal's place (/customers/count for /customers/{id}); the literal
            // route's path answers 405 for methods only the parameter route has. A set lookup first: every other request
            // to a parameter route is left alone at no cost.
            if route.path.contains("{"), registry.isLiteralPath(request.url.path),
               case let allowed = registry.allowedMethods(forAPIPath: request.url.path),
               !allowed.isEmpty, !allowed.contains(route.method) {
                throw MisroutedMethod()
            }
            switch access {
            case .anyone: break
            case .signedIn: _ = try request.requireUser()
            case .admin:
                guard try request.requireUser().role.managesAccounts else { throw GuanxiError.forbidden }
            }
            try request.checkQuery(against: route.query)
            if route.uploadLimit != nil, (request.body.data?.readableBytes ?? 0) == 0 {
                throw RequestProblem.badFields(["file": request.localizer.message(for: .required)])
            }
            let gate = WriteGate()
            do {
                let response = try await WriteGate.$current.withValue(gate) { try await handler(request) }
                if let refused = request.refusedFields { throw RequestProblem.badFields(refused) }
                return response
            } catch {
                guard let refused = request.refusedFields else { throw error }
                // The body's refused fields, and what the operation's own rules refused of the rest.
                var fields = refused
                let named = (error as? GuanxiError).map { ErrorText.fields(for: $0, request.localizer) } ?? [:]
                for (name, message) in named where fields[name] == nil
                    && !refused.keys.contains(where: { $0.hasPrefix(name + ".") || name.hasPrefix($0 + ".") }) {
                    fields[name] = message
                }
                throw RequestProblem.badFields(fields)
            }
        }
    }
}

private struct APIRouteKey: StorageKey { typealias Value = APIRoute }
private struct RefusedFieldsKey: StorageKey { typealias Value = [String: String] }

/// A method the router took to a parameter route although the path names a literal route without it: answered as
/// an unknown route is, 405 with the literal route's methods.
struct MisroutedMethod: Error {}

extension Request {
    /// The API operation this request was routed to.
    var apiRoute: APIRoute? {
        get { storage[APIRouteKey.self] }
        set { storage[APIRouteKey.self] = newValue }
    }

    /// The body's fields refused by their schemas, by field: the request fails with them whatever else happens.
    var refusedFields: [String: String]? {
        get { storage[RefusedFieldsKey.self] }
        set { storage[RefusedFieldsKey.self] = newValue }
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
