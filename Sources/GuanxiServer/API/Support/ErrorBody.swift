import Vapor

/// The one shape of every API error: `{"error": {"code", "message", "fields"}}`.
public struct ErrorBody: Content, SchemaDescribed {
    public struct Detail: Codable, Sendable {
        public let code: String
        public let message: String
        public let fields: [String: String]
        /// The answer's `X-Request-Id`, which the server's log line carries too.
        public let request_id: String?
    }

    public let error: Detail

    public init(code: String, message: String, fields: [String: String] = [:], requestID: String? = nil) {
        self.error = Detail(code: code, message: message, fields: fields, request_id: requestID)
    }

    public static let schemaName = "Error"
    public static var schema: JSONSchema {
        .object([
            ("error", .object([
                ("code", .string()),
                ("message", .string()),
                ("fields", .map(.string())),
                ("request_id", .string()),
            ], required: ["code", "message", "fields"])),
        ], required: ["error"])
    }
}

/// Problems with the HTTP request itself, before any domain rule runs.
public enum RequestProblem: Error, Sendable {
    case malformedJSON(detail: String)
    case unsupportedMediaType
    /// Fields of a well-formed JSON body that are missing, of the wrong type or unknown.
    case badFields([String: String])
    case badQuery(name: String, message: String)
    case csrf
}
