import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// A channel an order may name: a built-in one (no id or version: it cannot change) or one an administrator added.
struct SalesChannelBody: Encodable, SchemaDescribed {
    let code: String
    let nameEnglish: String
    let nameChinese: String
    let added: CustomSalesChannel?

    enum CodingKeys: String, CodingKey { case id, version, created_at, updated_at, code, name_en, name_zh, position, built_in, active }

    init(added channel: CustomSalesChannel) {
        code = channel.code; nameEnglish = channel.nameEnglish; nameChinese = channel.nameChinese; added = channel
    }

    init(builtIn channel: SalesChannel) {
        code = channel.rawValue
        nameEnglish = Localizer(.english).salesChannelName(channel)
        nameChinese = Localizer(.chinese).salesChannelName(channel)
        added = nil
    }

    func encode(to encoder: any Encoder) throws {
        try NullEncoding.encode([
            (CodingKeys.code, code), (.name_en, nameEnglish), (.name_zh, nameChinese), (.built_in, added == nil), (.active, added?.active ?? true),
        ], nullable: [
            (.id, try added?.requireID()), (.version, added?.version), (.created_at, added?.createdAt), (.updated_at, added?.updatedAt),
            (.position, added?.position),
        ], to: encoder)
    }

    static let schemaName = "SalesChannel"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = [
            ("id", .nullable(.id)), ("version", .nullable(.version)), ("created_at", .nullable(.string(format: "date-time"))),
            ("updated_at", .nullable(.string(format: "date-time"))), ("code", .salesChannel), ("name_en", .name(60)), ("name_zh", .name(60)),
            ("position", .nullable(.integer(minimum: 1, maximum: 1000))), ("built_in", .boolean), ("active", .boolean),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

/// A new channel (`code` and both names required) or a change of one (`code` cannot change).
struct SalesChannelInputBody: JSONRequestBody {
    let version: Int?
    let present: Set<String>
    private let values: SalesChannelBook.Draft

    static let fields: [(name: String, schema: JSONSchema)] = [
        ("code", .salesChannel), ("name_en", .name(60)), ("name_zh", .name(60)), ("position", .integer(minimum: 1, maximum: 1000)),
        ("active", .boolean),
    ]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        version = try c.decodeIfPresent(Int.self, forKey: JSONKey("version"))
        var draft = SalesChannelBook.Draft()
        var present = Set<String>()
        if let v = try c.decodeIfPresent(String.self, forKey: JSONKey("code")) { draft.code = v; present.insert("code") }
        if let v = try c.decodeIfPresent(String.self, forKey: JSONKey("name_en")) { draft.nameEnglish = v; present.insert("name_en") }
        if let v = try c.decodeIfPresent(String.self, forKey: JSONKey("name_zh")) { draft.nameChinese = v; present.insert("name_zh") }
        if let v = try c.decodeIfPresent(Int.self, forKey: JSONKey("position")) { draft.position = v; present.insert("position") }
        if let v = try c.decodeIfPresent(Bool.self, forKey: JSONKey("active")) { draft.active = v; present.insert("active") }
        values = draft
        self.present = present
    }

    func draft(over base: SalesChannelBook.Draft = .init()) -> SalesChannelBook.Draft {
        var draft = base
        if present.contains("code") { draft.code = values.code }
        if present.contains("name_en") { draft.nameEnglish = values.nameEnglish }
        if present.contains("name_zh") { draft.nameChinese = values.nameChinese }
        if present.contains("position") { draft.position = values.position }
        if present.contains("active") { draft.active = values.active }
        return draft
    }

    static func draft(of channel: CustomSalesChannel) -> SalesChannelBook.Draft {
        var draft = SalesChannelBook.Draft()
        draft.code = channel.code; draft.nameEnglish = channel.nameEnglish; draft.nameChinese = channel.nameChinese
        draft.position = channel.position; draft.active = channel.active
        return draft
    }

    static var acceptedKeys: Set<String> { Set(fields.map(\.name) + ["version"]) }
    static let schemaName = "SalesChannelInput"
    static var schema: JSONSchema { .object([("version", .version)] + fields, required: []) }
}
