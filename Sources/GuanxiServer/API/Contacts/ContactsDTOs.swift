import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct ContactBody: Encodable, SchemaDescribed {
    let contact: Contact

    func encode(to encoder: any Encoder) throws { try contactFields.encode(contact, to: encoder) }

    static let schemaName = "Contact"
    static var schema: JSONSchema { contactFields.schema }
}

/// Every field of a contact's JSON form, in the schema's order: the one place the API names them.
let contactFields = JSONFieldList<Contact, ContactBook.Draft, DraftEdits<ContactBook.Draft>>([
    .output("id", .integer(minimum: 1)) { try $0.requireID() }, .output("version", .integer(minimum: 1)) { $0.version },
    .output("created_at", .string(format: "date-time")) { $0.createdAt }, .output("updated_at", .string(format: "date-time")) { $0.updatedAt },
    .output("customer_id", .integer(minimum: 1)) { $0.$customer.id },
    .edit("name", .name(), { $0.name }, draft: \.name), .edit("title", .text(ContactBook.maximumLabelLength), { $0.title }, draft: \.title),
    .edit("phone", .phone, { $0.phone }, draft: \.phone), .edit("mobile", .phone, { $0.mobile }, draft: \.mobile),
    .edit("email", .optionalEmail, { $0.email }, draft: \.email),
    .edit("wechat_id", .text(ContactBook.maximumLabelLength), { $0.wechatID }, draft: \.wechatID),
    .edit("birthday", .nullable(.day), { $0.birthday }, draft: \.birthday),
    .edit("is_primary", .boolean, { $0.isPrimary }, draft: \.isPrimary),
])

struct ContactInputBody: JSONRequestBody {
    let version: Int?
    private let edits: DraftEdits<ContactBook.Draft>

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        version = try c.decodeIfPresent(Int.self, forKey: JSONKey("version"))
        var edits = DraftEdits<ContactBook.Draft>()
        var problems = FieldProblems()
        try contactFields.read(c, into: &edits, &problems)
        self.edits = edits
    }

    /// The draft after applying this body to `base` (a patch leaves absent fields as they are).
    func draft(over base: ContactBook.Draft = .init()) -> ContactBook.Draft { edits.applied(over: base) }

    static var acceptedKeys: Set<String> { Set(contactFields.inputNames + ["version"]) }
    static let schemaName = "ContactInput"
    static var schema: JSONSchema {
        .object([("version", .integer(minimum: 1))] + contactFields.inputProperties, required: [])
    }
}
