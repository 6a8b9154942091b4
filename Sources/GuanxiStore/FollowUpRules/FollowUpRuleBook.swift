import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Follow-up rules and the engine that turns them into tasks.
///
/// Administrators and managers define rules. The engine runs inside `guanxi serve` on a schedule; every task it creates
/// carries a key naming the rule, the customer or interaction, and the occasion, and the key is unique in the database,
/// so two instances running the same rule at once still create each task exactly once.
public struct FollowUpRuleBook: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Draft: Sendable {
        public var name = ""
        public var trigger: FollowUpTrigger = .noInteraction
        public var days = 14
        public var tag: String?
        public var stage: LifecycleStage?
        public var channel: InteractionChannel?
        public var taskTitle = ""
        public var priority: TaskPriority = .normal
        public var active = true
        public init() {}
    }

    public func rules() async throws -> [FollowUpRule] {
        try await FollowUpRule.query(on: database).sort(\.$id).all()
    }

    public func rule(id: Int64) async throws -> FollowUpRule {
        guard let rule = try await FollowUpRule.find(id, on: database) else { throw GuanxiError.notFound(entity: "follow_up_rule") }
        return rule
    }

    public func create(_ draft: Draft, by actor: Actor) async throws -> FollowUpRule {
        try Self.requireRuleEditor(actor)
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            let rule = FollowUpRule()
            Self.apply(draft, to: rule)
            rule.$createdBy.id = actor.userID
            try await rule.createAudited(by: actor, at: now, on: db)
            return rule
        }
    }

    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> FollowUpRule {
        try Self.requireRuleEditor(actor)
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            guard let rule = try await FollowUpRule.find(id, on: db) else { throw GuanxiError.notFound(entity: "follow_up_rule") }
            try await rule.updateAudited(version: version, by: actor, at: now, on: db) { Self.apply(draft, to: rule) }
            return rule
        }
    }

    public func delete(id: Int64, by actor: Actor) async throws {
        try Self.requireRuleEditor(actor)
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let rule = try await FollowUpRule.find(id, on: db) else { throw GuanxiError.notFound(entity: "follow_up_rule") }
            try await rule.deleteAudited(naming: "name", rule.name, by: actor, at: now, on: db)
        }
    }

    /// Runs every active rule once; returns how many tasks were created.
    @discardableResult
    public func runAll() async throws -> Int {
        var created = 0
        for rule in try await FollowUpRule.query(on: database).filter(\.$active == true).all() {
            created += try await run(rule)
        }
        return created
    }

    /// Creates the tasks one rule calls for now, skipping those another run already created.
    public func run(_ rule: FollowUpRule) async throws -> Int {
        let now = clock.now()
        let ruleID = try rule.requireID()
        let sql = try database.sql()
        let due = SQLBind(now)
        let common: [any SQLExpression] = [SQLBind(rule.taskTitle), SQLBind(""), SQLBind(rule.priority.rawValue), SQLBind(TaskStatus.open.rawValue),
                                           SQLBind(ruleID), SQLLiteral.numeric("1"), SQLBind(now), SQLBind(now)]
        let query: SQLQueryString
        switch rule.trigger {
        case .noInteraction:
            // The occasion is the customer's last touch: a new task only after a new interaction and another quiet spell.
            let cutoff = now.addingTimeInterval(-Double(rule.days) * 86_400)
            var conditions: SQLQueryString = "c.deleted_at IS NULL AND COALESCE(c.last_interaction_at, c.created_at) <= \(bind: cutoff)"
            if let stage = rule.stage { conditions = conditions + " AND c.stage = \(bind: stage.rawValue)" }
            if let tag = rule.tag {
                conditions = conditions + " AND c.id IN (SELECT customer_id FROM customer_tags WHERE tag = \(bind: tag))"
            }
            query = """
                INSERT INTO tasks (customer_id, assignee_id, due_at, rule_key, title, notes, priority, status, rule_id, version, created_at, updated_at)
                SELECT c.id, c.owner_id, \(due), \(bind: "r\(ruleID):c") || c.id || ':' || COALESCE(c.last_interaction_at, c.created_at), \(SQLList(common))
                FROM customers c WHERE \(conditions)
                ON CONFLICT (rule_key) DO NOTHING RETURNING id
                """
        case .afterInteraction:
            // Interactions that came due since the rule exists; each gives one task, due N days after it.
            let ripe = now.addingTimeInterval(-Double(rule.days) * 86_400)
            let since = rule.createdAt.addingTimeInterval(-Double(rule.days) * 86_400)
            var conditions: SQLQueryString = "i.occurred_at <= \(bind: ripe) AND i.occurred_at >= \(bind: since) AND c.deleted_at IS NULL"
            if let channel = rule.channel { conditions = conditions + " AND i.channel = \(bind: channel.rawValue)" }
            query = """
                INSERT INTO tasks (customer_id, assignee_id, due_at, rule_key, title, notes, priority, status, rule_id, version, created_at, updated_at)
                SELECT i.customer_id, COALESCE(c.owner_id, i.user_id), \(due), \(bind: "r\(ruleID):i") || i.id, \(SQLList(common))
                FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE \(conditions)
                ON CONFLICT (rule_key) DO NOTHING RETURNING id
                """
        }
        return try await sql.raw(query).all().count
    }

    static func requireRuleEditor(_ actor: Actor) throws {
        guard actor.role == .admin || actor.role == .manager else { throw GuanxiError.forbidden }
    }

    static func validated(_ draft: Draft) throws -> Draft {
        var draft = draft
        var problems = FieldProblems()
        draft.name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.taskTitle = draft.taskTitle.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.tag = draft.tag.map(CustomerRules.normalizedTag).flatMap { $0.isEmpty ? nil : $0 }
        problems["name"] = CustomerRules.check(name: draft.name)
        problems["task_title"] = CustomerRules.check(name: draft.taskTitle)
        if !(1...3650).contains(draft.days) { problems["days"] = .outOfRange(minimum: 1, maximum: 3650) }
        switch draft.trigger {
        case .noInteraction:
            if draft.channel != nil { problems["channel"] = .notAllowed }
        case .afterInteraction:
            if draft.tag != nil { problems["tag"] = .notAllowed }
            if draft.stage != nil { problems["stage"] = .notAllowed }
        }
        try problems.throwIfAny()
        return draft
    }

    static func apply(_ draft: Draft, to rule: FollowUpRule) {
        rule.name = draft.name
        rule.trigger = draft.trigger
        rule.days = draft.days
        rule.tag = draft.tag
        rule.stage = draft.stage
        rule.channel = draft.channel
        rule.taskTitle = draft.taskTitle
        rule.priority = draft.priority
        rule.active = draft.active
    }

}

extension FollowUpRule: AuditedRecord {
    static var auditEntity: String { "follow_up_rule" }

    var auditSnapshot: [String: String?] {
        ["name": name, "trigger": trigger.rawValue, "days": String(days), "tag": tag,
         "stage": stage?.rawValue, "channel": channel?.rawValue, "task_title": taskTitle,
         "priority": priority.rawValue, "active": String(active)]
    }
}
