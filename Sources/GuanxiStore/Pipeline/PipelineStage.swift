import Fluent
import Foundation

/// A step of the sales pipeline, in the administrator's order; a won or a lost stage closes an opportunity.
public final class PipelineStage: Model, @unchecked Sendable {
    public static let schema = "pipeline_stages"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "name_en") public var nameEnglish: String
    @Field(key: "name_zh") public var nameChinese: String
    @Field(key: "position") public var position: Int
    /// The chance, in percent, that an opportunity at this stage is won.
    @Field(key: "probability") public var probability: Int
    @Field(key: "is_won") public var isWon: Bool
    @Field(key: "is_lost") public var isLost: Bool
    @Field(key: "active") public var active: Bool
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    /// Neither won nor lost: an opportunity here is still being worked.
    public var isOpen: Bool { !isWon && !isLost }
}
