import Fluent
import Foundation
import GuanxiCore

/// A sales channel the administrator added beside the built-in ones. Orders keep its `code`, which never changes;
/// a channel in use is retired (`active` false), never deleted, so old orders keep their names.
public final class CustomSalesChannel: Model, @unchecked Sendable {
    public static let schema = "sales_channels"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "code") public var code: String
    @Field(key: "name_en") public var nameEnglish: String
    @Field(key: "name_zh") public var nameChinese: String
    /// Where it stands in the lists, after the built-in channels.
    @Field(key: "position") public var position: Int
    @Field(key: "active") public var active: Bool
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

extension CustomSalesChannel: AuditedRecord {
    static var auditEntity: String { "sales_channel" }

    var auditSnapshot: [String: String?] {
        ["code": code, "name_en": nameEnglish, "name_zh": nameChinese, "position": String(position), "active": String(active)]
    }
}
