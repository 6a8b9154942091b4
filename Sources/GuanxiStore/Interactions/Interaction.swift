import Fluent
import Foundation
import GuanxiCore

/// One touch with a customer on any channel.
public final class Interaction: Model, @unchecked Sendable {
    public static let schema = "interactions"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "customer_id") public var customer: Customer
    @OptionalParent(key: "contact_id") public var contact: Contact?
    /// The colleague who had the interaction.
    @OptionalParent(key: "user_id") public var user: User?
    @Enum(key: "channel") public var channel: InteractionChannel
    @Enum(key: "direction") public var direction: InteractionDirection
    @Field(key: "occurred_at") public var occurredAt: Date
    @Field(key: "duration_seconds") public var durationSeconds: Int
    @Field(key: "subject") public var subject: String
    @Field(key: "notes") public var notes: String
    @Field(key: "outcome") public var outcome: String
    /// Inbound call-center contacts: seconds the caller waited in the queue.
    @OptionalField(key: "queue_wait_seconds") public var queueWaitSeconds: Int?
    /// Inbound call-center contacts: whether the caller hung up before being answered.
    @OptionalField(key: "abandoned") public var abandoned: Bool?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
