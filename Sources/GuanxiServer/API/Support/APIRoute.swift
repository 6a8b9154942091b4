import NIOConcurrencyHelpers
import Vapor

/// One API operation: the single definition both the router and the OpenAPI document are built from.
public struct APIRoute: Sendable {
    /// Who may call the operation.
    public enum Access: Sendable {
        case anyone
        case signedIn
        case admin
    }

    /// A query-string parameter.
    public struct Parameter: Sendable {
        public let name: String
        public let description: String
        public let schema: JSONSchema
        /// What the schema cannot say of it (a cursor the server wrote, a date not before another).
        public var rule: String? = nil
        public var isRequired = false
    }

    /// A rule the schemas cannot state (one field only with another, a record that must exist): written into the
    /// operation's description and refused with 422 (400 for query parameters) naming `fields`.
    public struct Rule: Sendable {
        public let fields: [String]
        public let text: String

        public init(_ fields: [String], _ text: String) {
            self.fields = fields
            self.text = text
        }
    }

    /// One documented response.
    public struct Response: Sendable {
        public let status: HTTPStatus
        public let description: String
        /// The component name of the body, nil for an empty body.
        public let schemaName: String?
        public let contentType: String
        /// Further (content type, schema) pairs the same status may answer with, chosen by a query parameter.
        public let alternatives: [(String, String)]

        public init(_ status: HTTPStatus, _ description: String, schemaName: String?, contentType: String = "application/json",
                    alternatives: [(String, String)] = []) {
            self.status = status
            self.description = description
            self.schemaName = schemaName
            self.contentType = contentType
            self.alternatives = alternatives
        }
    }

    public let method: HTTPMethod
    /// The path below `/api/v1` in OpenAPI form, e.g. `/users/{id}`.
    public let path: String
    public let operationID: String
    public let summary: String
    public let tag: String
    public let access: Access
    /// What each role gets from it, by whose record it is; nil only where a declaration is missing, which the
    /// access-matrix test refuses. Open and administrators' routes need none: their access says it.
    public let reach: Reach?
    public let query: [Parameter]
    public let requestSchema: String?
    /// Fields of the request body this operation needs although its schema, shared with another, lets them out.
    public let requestRequires: [String]
    public let responses: [Response]
    /// The body's and the query's rules beyond their schemas.
    public let rules: [Rule]
    /// Routes that take a file upload instead of JSON accept bodies up to this size.
    public let uploadLimit: Int?
    /// The media type an upload's body is documented with (`*/*`: any file, sent with its own type).
    public let uploadMediaType: String

    public init(
        _ method: HTTPMethod, _ path: String, operationID: String, summary: String, tag: String, access: Access, reach: Reach? = nil,
        query: [Parameter] = [], request: String? = nil, requiring: [String] = [], responses: [Response], rules: [Rule] = [],
        uploadLimit: Int? = nil,
        uploadMediaType: String = "text/csv"
    ) {
        self.rules = query.compactMap { parameter in parameter.rule.map { Rule([parameter.name], $0) } } + rules
            + (uploadLimit != nil && !rules.contains { $0.fields.contains("file") } ? [Rule(["file"], "not empty")] : [])
        self.uploadLimit = uploadLimit
        self.uploadMediaType = uploadMediaType
        self.method = method
        self.path = path
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.access = access
        self.reach = reach ?? (access == .anyone ? .everyone : access == .admin ? .administrators : nil)
        self.query = query
        self.requestSchema = request
        self.requestRequires = requiring
        // Errors every operation of this kind can answer with, so clients can rely on the error body.
        var all = responses
        let error = ErrorBody.schemaName
        all.append(.init(.tooManyRequests, "Too many requests (the rate limit, or failed logins); `Retry-After` says when to try again",
                         schemaName: error))
        if access != .anyone {
            all.append(.init(.unauthorized, "Missing, invalid, expired or revoked token", schemaName: error))
        }
        if access == .admin {
            all.append(.init(.forbidden, "Only administrators may do this", schemaName: error))
        }
        if path.contains("{") {
            all.append(.init(.notFound, "No such record", schemaName: error))
        }
        if !query.isEmpty {
            all.append(.init(.badRequest, "A query parameter is malformed", schemaName: error))
        }
        if uploadLimit != nil {
            all.append(.init(.unprocessableEntity, "No file, or a file or value refused; `fields` names it", schemaName: error))
        }
        if request != nil {
            all.append(.init(.badRequest, "The body is not valid JSON", schemaName: error))
            all.append(.init(.payloadTooLarge, "The body is too large", schemaName: error))
            all.append(.init(.unsupportedMediaType, "The body is not application/json", schemaName: error))
            all.append(.init(.unprocessableEntity, "A field is missing or invalid; `fields` names it", schemaName: error))
        }
        all.append(.init(.methodNotAllowed, "The path exists but not with this method", schemaName: error))
        var seen = Set<UInt>()
        self.responses = all.filter { seen.insert($0.status.code).inserted }
    }

    /// The body fields this operation needs beyond what its schema requires: those it names, and on a PATCH the
    /// version the change was read at, which a body shared with a create leaves optional.
    func bodyRequires(_ schema: JSONSchema?) -> [String] {
        guard case .object(let properties, let required) = schema else { return requestRequires }
        let version = method == .PATCH && properties.contains { $0.name == "version" } && !required.contains("version")
        return requestRequires.filter { !required.contains($0) } + (version && !requestRequires.contains("version") ? ["version"] : [])
    }

    /// Vapor path components, e.g. `api/v1/users/:id`.
    var pathComponents: [PathComponent] {
        ["api", "v1"] + path.split(separator: "/").map { part in
            part.hasPrefix("{") ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
        }
    }

    /// Whether a concrete path such as `/users/12` matches this route's template.
    func matches(path concrete: [Substring]) -> Bool {
        let template = path.split(separator: "/")
        guard template.count == concrete.count else { return false }
        return zip(template, concrete).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}

/// Every API route, in registration order.
public final class APIRegistry: @unchecked Sendable {
    private let lock = NIOLock()
    private var storage: [APIRoute] = []
    /// The concrete paths of routes without parameters (`/api/v1/customers/count`).
    private var literalPaths: Set<String> = []

    public init() {}

    public var routes: [APIRoute] { lock.withLock { storage } }

    func add(_ route: APIRoute) {
        lock.withLock {
            storage.append(route)
            if !route.path.contains("{") { literalPaths.insert("/api/v1" + route.path) }
        }
    }

    /// Whether `path` is the path of a route without parameters, which a parameter route may have been taken for.
    func isLiteralPath(_ path: String) -> Bool { lock.withLock { literalPaths.contains(path) } }

    /// The methods allowed on a concrete `/api/v1/...` path, for 405 answers.
    func allowedMethods(forAPIPath path: String) -> [HTTPMethod] {
        let parts = path.split(separator: "/")
        guard parts.count >= 2, parts[0] == "api", parts[1] == "v1" else { return [] }
        let rest = Array(parts.dropFirst(2))
        // Like the router, a literal segment wins over a parameter: /customers/count is not /customers/{id}.
        let matching = routes.filter { $0.matches(path: rest) }
        let literals = { (route: APIRoute) in route.path.split(separator: "/").filter { !$0.hasPrefix("{") }.count }
        guard let most = matching.map(literals).max() else { return [] }
        var methods: [HTTPMethod] = []
        for route in matching where literals(route) == most && !methods.contains(route.method) { methods.append(route.method) }
        return methods
    }
}
