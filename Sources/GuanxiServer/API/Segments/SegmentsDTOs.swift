import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct SegmentBody: Encodable, SchemaDescribed {
    let segment: Segment

    enum CodingKeys: String, CodingKey { case id, version, created_at, updated_at, name, description, filter, created_by_id }

    func encode(to encoder: any Encoder) throws {
        let s = segment
        try NullEncoding.encode([
            (CodingKeys.id, try s.requireID()), (.version, s.version), (.created_at, s.createdAt), (.updated_at, s.updatedAt),
            (.name, s.name), (.description, s.description), (.filter, s.filter),
        ], nullable: [(.created_by_id, s.$createdBy.id)], to: encoder)
    }

    static let schemaName = "Segment"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [("name", .string()), ("description", .string()), ("filter", .string()),
                                      ("created_by_id", .nullable(.integer(minimum: 1)))],
                required: recordSchemaRequired + ["name", "description", "filter", "created_by_id"])
    }
}

struct SegmentInputBody: JSONRequestBody {
    let version: Int?
    let name: String?, description: String?
    /// The customer-list query string, e.g. `stage=customer&tag=vip`.
    let filter: String?
    static let acceptedKeys: Set<String> = ["version", "name", "description", "filter"]
    static let schemaName = "SegmentInput"
    static var schema: JSONSchema {
        .object([("version", .version), ("name", .name()), ("description", .text()), ("filter", .text(2000))], required: [])
    }
}
