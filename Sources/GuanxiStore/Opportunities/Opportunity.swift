import Fluent
import Foundation

/// A sale we are working towards (商机): what the customer may buy, for how much, when, and how far it has come.
public final class Opportunity: Model, @unchecked Sendable {
    public static let schema = "opportunities"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "customer_id") public var customer: Customer
    @OptionalParent(key: "contact_id") public var contact: Contact?
    @Field(key: "title") public var title: String
    /// Expected value in fen.
    @Field(key: "amount") public var amount: Int64
    /// YYYY-MM-DD.
    @OptionalField(key: "expected_close_date") public var expectedCloseDate: String?
    @OptionalParent(key: "owner_id") public var owner: User?
    @Field(key: "source") public var source: String
    @Field(key: "next_step") public var nextStep: String
    /// Who else is bidding, as the rep noted it.
    @Field(key: "competitors") public var competitors: String
    @Parent(key: "stage_id") public var stage: PipelineStage
    @Field(key: "lost_reason") public var lostReason: String
    @Field(key: "stage_entered_at") public var stageEnteredAt: Date
    /// When it reached a won or lost stage; nil while open.
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// One move of an opportunity from a stage to another: who, when, from → to. The first entry (from nil) is its creation.
public final class OpportunityStageChange: Model, @unchecked Sendable {
    public static let schema = "opportunity_stage_changes"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "opportunity_id") public var opportunity: Opportunity
    @OptionalParent(key: "from_stage_id") public var fromStage: PipelineStage?
    @Parent(key: "to_stage_id") public var toStage: PipelineStage
    @OptionalParent(key: "changed_by_id") public var changedBy: User?
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}
}
