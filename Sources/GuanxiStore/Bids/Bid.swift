import Fluent
import Foundation

/// Where a bid stands: prepared, submitted to the tender, then won, lost or cancelled. A cancelled bid is one we
/// withdrew (or the tender was called off) before or after submitting.
public enum BidStatus: String, Codable, CaseIterable, Sendable {
    case preparing, submitted, won, lost, cancelled

    /// The statuses a bid may move to from this one. Won and lost come only after submitting; the result is final.
    public var next: [BidStatus] {
        switch self {
        case .preparing: [.submitted, .cancelled]
        case .submitted: [.won, .lost, .cancelled]
        case .won, .lost, .cancelled: []
        }
    }

    /// The statuses a new bid may start in: being prepared, or already handed in.
    public static let initial: [BidStatus] = [.preparing, .submitted]

    /// The tender's result is known.
    public var isDecided: Bool { self == .won || self == .lost }

    /// Counts as a bid we handed in (and so needs our amount).
    public var wasSubmitted: Bool { self == .submitted || isDecided }
}

/// A bid for a customer's tender (投标): what we offer, by when, the bond we lodged, who else bid and who won.
public final class Bid: Model, @unchecked Sendable {
    public static let schema = "bids"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    /// The tender's number as the issuing customer wrote it.
    @Field(key: "tender_number") public var tenderNumber: String
    @Parent(key: "customer_id") public var customer: Customer
    @OptionalParent(key: "opportunity_id") public var opportunity: Opportunity?
    @Field(key: "title") public var title: String
    @Field(key: "submission_deadline") public var submissionDeadline: Date
    /// YYYY-MM-DD.
    @OptionalField(key: "opening_date") public var openingDate: String?
    /// Our bid in fen; nil while it is not decided yet.
    @OptionalField(key: "bid_amount") public var bidAmount: Int64?
    /// The bid bond (投标保证金) in fen.
    @Field(key: "bond_amount") public var bondAmount: Int64
    /// YYYY-MM-DD; nil while the bond is not paid.
    @OptionalField(key: "bond_paid_on") public var bondPaidOn: String?
    /// YYYY-MM-DD; nil while the bond is not returned.
    @OptionalField(key: "bond_returned_on") public var bondReturnedOn: String?
    @Enum(key: "status") public var status: BidStatus
    @Field(key: "winning_bidder") public var winningBidder: String
    /// The winning bid in fen, when known.
    @OptionalField(key: "winning_amount") public var winningAmount: Int64?
    /// Why we won, lost or cancelled.
    @Field(key: "result_reason") public var resultReason: String
    @Field(key: "notes") public var notes: String
    @OptionalParent(key: "owner_id") public var owner: User?
    /// The owner's task to finish the bid before its deadline.
    @OptionalParent(key: "reminder_task_id") public var reminderTask: FollowUpTask?
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    /// When it was won, lost or cancelled.
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// Another company bidding for the same tender, with its bid when we learnt it.
public final class BidCompetitor: Model, @unchecked Sendable {
    public static let schema = "bid_competitors"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "bid_id") public var bid: Bid
    @Field(key: "position") public var position: Int
    @Field(key: "name") public var name: String
    /// Their bid in fen; nil when unknown.
    @OptionalField(key: "amount") public var amount: Int64?

    public init() {}
}

/// A file kept with a bid (tender documents, our offer, the award notice), described without its bytes: what lists
/// load.
public final class BidAttachment: Model, @unchecked Sendable {
    public static let schema = "bid_attachments"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "bid_id") public var bid: Bid
    @Field(key: "filename") public var filename: String
    @Field(key: "content_type") public var contentType: String
    /// Bytes.
    @Field(key: "size") public var size: Int64
    @OptionalParent(key: "uploaded_by_id") public var uploadedBy: User?
    @Field(key: "uploaded_at") public var uploadedAt: Date

    public init() {}
}

/// The same row with its bytes, kept in the database so every instance serves it: what uploads write and downloads read.
public final class BidAttachmentFile: Model, @unchecked Sendable {
    public static let schema = "bid_attachments"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "bid_id") public var bid: Bid
    @Field(key: "filename") public var filename: String
    @Field(key: "content_type") public var contentType: String
    @Field(key: "size") public var size: Int64
    @Field(key: "data") public var data: Data
    @OptionalParent(key: "uploaded_by_id") public var uploadedBy: User?
    @Field(key: "uploaded_at") public var uploadedAt: Date

    public init() {}
}
