import Fluent
import Foundation
import GuanxiCore

/// The pipeline's stages: everyone reads them, administrators maintain them. A stage in use is retired
/// (`active` false), never deleted, so every opportunity's history keeps its names.
public struct PipelineStageBook: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    /// The stages a new Guanxi starts with.
    static let shippedDefaults: [(english: String, chinese: String, probability: Int, isWon: Bool, isLost: Bool)] = [
        ("Initial contact", "初步接触", 10, false, false),
        ("Needs confirmed", "需求确认", 30, false, false),
        ("Proposal and quote", "方案报价", 50, false, false),
        ("Negotiation", "商务谈判", 70, false, false),
        ("Won", "赢单", 100, true, false),
        ("Lost", "输单", 0, false, true),
    ]

    public struct Draft: Sendable {
        public var nameEnglish = ""
        public var nameChinese = ""
        public var position = 1
        public var probability = 0
        public var isWon = false
        public var isLost = false
        public var active = true
        public init() {}
    }

    /// Every stage in pipeline order (retired ones too: old opportunities name them).
    public func stages() async throws -> [PipelineStage] {
        try await PipelineStage.query(on: database).sort(\.$position).sort(\.$id).all()
    }

    public func stage(id: Int64) async throws -> PipelineStage {
        guard let stage = try await PipelineStage.find(id, on: database) else { throw GuanxiError.notFound(entity: "pipeline stage") }
        return stage
    }

    public func create(_ draft: Draft, by actor: Actor) async throws -> PipelineStage {
        try Self.requireAdmin(actor)
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            let stage = PipelineStage()
            Self.apply(draft, to: stage)
            try await stage.createAudited(by: actor, at: now, on: db)
            return stage
        }
    }

    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> PipelineStage {
        try Self.requireAdmin(actor)
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            guard let stage = try await PipelineStage.find(id, on: db) else { throw GuanxiError.notFound(entity: "pipeline stage") }
            try await stage.updateAudited(version: version, by: actor, at: now, on: db) { Self.apply(draft, to: stage) }
            return stage
        }
    }

    /// Deletes a stage no opportunity has ever been in; one in use is refused (retire it instead).
    public func delete(id: Int64, by actor: Actor) async throws {
        try Self.requireAdmin(actor)
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let stage = try await PipelineStage.find(id, on: db) else { throw GuanxiError.notFound(entity: "pipeline stage") }
            let used = try await Opportunity.query(on: db).filter(\.$stage.$id == id).count()
                + OpportunityStageChange.query(on: db).filter(\.$fromStage.$id == id).count()
            if used > 0 { throw GuanxiError.conflict(reason: .stageInUse) }
            try await stage.deleteAudited(naming: "name_en", stage.nameEnglish, by: actor, at: now, on: db)
        }
    }

    static func requireAdmin(_ actor: Actor) throws {
        guard actor.role == .admin else { throw GuanxiError.forbidden }
    }

    static let maximumNameLength = 60

    static func checked(_ draft: Draft) -> (Draft, FieldProblems) {
        var draft = draft
        var problems = FieldProblems()
        draft.nameEnglish = draft.nameEnglish.trimmingCharacters(in: .whitespaces)
        draft.nameChinese = draft.nameChinese.trimmingCharacters(in: .whitespaces)
        problems["name_en"] = CustomerRules.check(listName: draft.nameEnglish, maximum: maximumNameLength)
        problems["name_zh"] = CustomerRules.check(listName: draft.nameChinese, maximum: maximumNameLength)
        if !(1...1000).contains(draft.position) { problems["position"] = .outOfRange(minimum: 1, maximum: 1000) }
        if !(0...100).contains(draft.probability) { problems["probability"] = .outOfRange(minimum: 0, maximum: 100) }
        if draft.isWon && draft.isLost { problems["is_lost"] = .notTogetherWith("is_won") }
        return (draft, problems)
    }

    static func validated(_ draft: Draft) throws -> Draft {
        let (draft, problems) = checked(draft)
        try problems.throwIfAny()
        return draft
    }

    static func apply(_ draft: Draft, to stage: PipelineStage) {
        stage.nameEnglish = draft.nameEnglish
        stage.nameChinese = draft.nameChinese
        stage.position = draft.position
        stage.probability = draft.probability
        stage.isWon = draft.isWon
        stage.isLost = draft.isLost
        stage.active = draft.active
    }
}

extension PipelineStage: AuditedRecord {
    static var auditEntity: String { "pipeline_stage" }

    var auditSnapshot: [String: String?] {
        ["name_en": nameEnglish, "name_zh": nameChinese, "position": String(position), "probability": String(probability),
         "is_won": String(isWon), "is_lost": String(isLost), "active": String(active)]
    }
}
