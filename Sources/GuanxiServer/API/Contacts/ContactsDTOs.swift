import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct ContactBody: Encodable, SchemaDescribed {
    let contact: Contact

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, customer_id, name, title, phone, mobile, email, wechat_id, birthday, is_primary
    }

    func encode(to encoder: any Encoder) throws {
        let c = contact
        try NullEncoding.encode([
            (CodingKeys.id, try c.requireID()), (.version, c.version), (.created_at, c.createdAt), (.updated_at, c.updatedAt),
            (.customer_id, c.$customer.id), (.name, c.name), (.title, c.title), (.phone, c.phone), (.mobile, c.mobile),
            (.email, c.email), (.wechat_id, c.wechatID), (.is_primary, c.isPrimary),
        ], nullable: [(.birthday, c.birthday)], to: encoder)
    }

    static let schemaName = "Contact"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("customer_id", .integer(minimum: 1)), ("name", .string()), ("title", .string()), ("phone", .string()),
            ("mobile", .string()), ("email", .string()), ("wechat_id", .string()), ("birthday", .nullable(.string(format: "date"))),
            ("is_primary", .boolean),
        ], required: recordSchemaRequired + ["customer_id", "name", "title", "phone", "mobile", "email", "wechat_id", "birthday", "is_primary"])
    }
}

private let contactInputFields: [(name: String, schema: JSONSchema)] = [
    ("name", .string()), ("title", .string()), ("phone", .string()), ("mobile", .string()), ("email", .string()),
    ("wechat_id", .string()), ("birthday", .nullable(.string(format: "date"))), ("is_primary", .boolean),
]

struct ContactInputBody: JSONRequestBody {
    let version: Int?
    let name: String?, title: String?, phone: String?, mobile: String?, email: String?, wechat_id: String?, birthday: String?
    let is_primary: Bool?

    /// The draft after applying this body to `base` (a patch leaves absent fields as they are).
    func draft(over base: ContactBook.Draft = .init()) -> ContactBook.Draft {
        var draft = base
        if let name { draft.name = name }
        if let title { draft.title = title }
        if let phone { draft.phone = phone }
        if let mobile { draft.mobile = mobile }
        if let email { draft.email = email }
        if let wechat_id { draft.wechatID = wechat_id }
        if let birthday { draft.birthday = birthday }
        if let is_primary { draft.isPrimary = is_primary }
        return draft
    }

    static var acceptedKeys: Set<String> { Set(contactInputFields.map(\.name) + ["version"]) }
    static let schemaName = "ContactInput"
    static var schema: JSONSchema {
        .object([("version", .integer(minimum: 1))] + contactInputFields, required: [])
    }
}
