import Fluent
import Foundation
import GuanxiCore

/// A month's revenue target (net, after returns) for a rep or for a whole team.
public final class SalesTarget: Model, @unchecked Sendable {
    public static let schema = "sales_targets"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @OptionalParent(key: "user_id") public var user: User?
    @OptionalParent(key: "team_id") public var team: Team?
    /// YYYY-MM.
    @Field(key: "month") public var month: String
    @Field(key: "amount") public var amount: Int64
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

/// Sales targets: administrators set any, a manager those of their own team and its members; everyone reads the
/// targets of the people whose sales they may see.
public struct SalesTargets: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Draft: Sendable {
        public var userID: Int64?
        public var teamID: Int64?
        public var month = ""
        public var amount: Int64 = 0
        public init() {}
    }

    /// Targets of `month`…`toMonth` (YYYY-MM, inclusive).
    public func targets(from month: String, to toMonth: String) async throws -> [SalesTarget] {
        try await SalesTarget.query(on: database).filter(\.$month >= month).filter(\.$month <= toMonth)
            .sort(\.$month).sort(\.$id).all()
    }

    /// Sets the target of a rep or a team for a month, replacing the one there was.
    public func set(_ draft: Draft, by actor: Actor) async throws -> SalesTarget {
        let now = clock.now()
        return try await database.writeTransaction { db in
            var problems = FieldProblems()
            if !Self.isMonth(draft.month) { problems["month"] = .invalidDate }
            if draft.amount < 0 { problems["amount"] = .invalidAmount }
            if (draft.userID == nil) == (draft.teamID == nil) { problems["user_id"] = .notTogetherWith("team_id") }
            var team = draft.teamID
            if let user = draft.userID {
                guard let found = try await User.find(user, on: db) else { problems["user_id"] = .unknownReference; throw GuanxiError.invalid(problems) }
                team = found.$team.id
                if actor.role == .manager, found.id != actor.userID, team == nil || team != actor.teamID { throw GuanxiError.forbidden }
            } else if let id = draft.teamID {
                if try await Team.find(id, on: db) == nil { problems["team_id"] = .unknownReference }
                if actor.role == .manager, id != actor.teamID { throw GuanxiError.forbidden }
            }
            guard actor.role == .admin || actor.role == .manager else { throw GuanxiError.forbidden }
            try problems.throwIfAny()
            var query = SalesTarget.query(on: db).filter(\.$month == draft.month)
            query = draft.userID.map { query.filter(\.$user.$id == $0) } ?? query.filter(\.$user.$id == nil).filter(\.$team.$id == draft.teamID)
            if let existing = try await query.first() {
                try await existing.updateAudited(version: existing.version, by: actor, at: now, on: db) { existing.amount = draft.amount }
                return existing
            }
            let target = SalesTarget()
            target.$user.id = draft.userID
            target.$team.id = draft.userID == nil ? draft.teamID : nil
            target.month = draft.month
            target.amount = draft.amount
            try await target.createAudited(by: actor, at: now, on: db)
            return target
        }
    }

    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let target = try await SalesTarget.find(id, on: db) else { throw GuanxiError.notFound(entity: "sales target") }
            guard actor.role == .admin || actor.role == .manager else { throw GuanxiError.forbidden }
            if actor.role == .manager {
                let team = try await target.$user.id.asyncMap { try await User.find($0, on: db)?.$team.id } ?? target.$team.id
                guard team == actor.teamID else { throw GuanxiError.forbidden }
            }
            try await target.deleteAudited(naming: "month", target.month, by: actor, at: now, on: db)
        }
    }

    public static func isMonth(_ text: String) -> Bool {
        DayParser.parse(text + "-01") != nil
    }
}

extension SalesTarget: AuditedRecord {
    static var auditEntity: String { "sales_target" }

    var auditSnapshot: [String: String?] {
        ["user_id": $user.id.map(String.init), "team_id": $team.id.map(String.init), "month": month, "amount": MinorUnits.format(amount)]
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
