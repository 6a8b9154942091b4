import Fluent
import Foundation

/// A person at a customer we talk to.
public final class Contact: Model, @unchecked Sendable {
    public static let schema = "contacts"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "customer_id") public var customer: Customer
    @Field(key: "name") public var name: String
    @Field(key: "title") public var title: String
    @Field(key: "phone") public var phone: String
    @Field(key: "mobile") public var mobile: String
    @Field(key: "email") public var email: String
    @Field(key: "wechat_id") public var wechatID: String
    /// YYYY-MM-DD.
    @OptionalField(key: "birthday") public var birthday: String?
    @Field(key: "is_primary") public var isPrimary: Bool
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
