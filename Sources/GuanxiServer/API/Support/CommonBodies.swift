import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The fields every record has.
let recordSchemaFields: [(name: String, schema: JSONSchema)] = [
    ("id", .integer(minimum: 1)), ("version", .integer(minimum: 1)),
    ("created_at", .string(format: "date-time")), ("updated_at", .string(format: "date-time")),
]
let recordSchemaRequired = ["id", "version", "created_at", "updated_at"]

/// A list page: `{"items": [...], "next": "<cursor>" | null}`.
struct ListBody<Item: Encodable>: Encodable {
    let items: [Item]
    let next: String?

    init<Model>(_ page: Page<Model>, _ transform: (Model) throws -> Item) rethrows {
        self.items = try page.items.map(transform)
        self.next = page.next?.token
    }

    enum CodingKeys: String, CodingKey { case items, next }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(next, forKey: .next)  // explicit null on the last page
    }

    static func schema(of item: String) -> JSONSchema {
        .object([("items", .array(.ref(item))), ("next", .nullable(.string()))], required: ["items", "next"])
    }
}

struct CountBody: Encodable, SchemaDescribed {
    let count: Int
    static let schemaName = "Count"
    static var schema: JSONSchema { .object([("count", .integer(minimum: 0))], required: ["count"]) }
}

struct HealthBody: Encodable, SchemaDescribed {
    let status: String, database: String
    static let schemaName = "Health"
    static var schema: JSONSchema {
        .object([("status", .enumeration(["ok", "unavailable"])), ("database", .string())], required: ["status", "database"])
    }
}

extension APIRoute {
    /// `?limit=` and `?after=` of every keyset-paginated list.
    static let pageParameters: [APIRoute.Parameter] = [
        .init(name: "limit", description: "Items per page, 1–500 (default 50)", schema: .integer(minimum: 1, maximum: 500)),
        .init(name: "after", description: "The `next` cursor of the previous page", schema: .string(pattern: .cursor),
              rule: "a `next` cursor this server wrote for the same list"),
    ]
}

/// The version a PATCH body must carry; a 422 naming `version` without it.
func requireVersion(_ version: Int?) throws -> Int {
    guard let version else {
        var problems = FieldProblems()
        problems["version"] = .required
        throw GuanxiError.invalid(problems)
    }
    return version
}
