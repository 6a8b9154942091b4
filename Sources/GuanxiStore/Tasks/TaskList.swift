import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Follow-up tasks and their reminders.
///
/// A task on a customer is visible to whoever sees the customer; a task without a customer to its assignee and creator.
/// The assignee, the creator, and whoever may change the customer may change the task.
public struct TaskList: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Draft: Sendable {
        public var customerID: Int64?
        public var title = ""
        public var notes = ""
        public var dueAt: Date = .distantPast
        public var remindAt: Date?
        /// nil: the creating user.
        public var assigneeID: Int64?
        public var priority: TaskPriority = .normal
        public var status: TaskStatus = .open
        public init() {}
    }

    public func create(_ draft: Draft, by actor: Actor) async throws -> FollowUpTask {
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            if let customerID = draft.customerID { _ = try await CustomerAccess.visibleCustomer(customerID, by: actor, on: db) }
            let assignee = try await resolveAssignee(draft.assigneeID, by: actor, on: db)
            let task = FollowUpTask()
            task.$customer.id = draft.customerID
            Self.apply(draft, to: task, assignee: assignee, now: now)
            task.$createdBy.id = actor.userID
            try await task.createAudited(by: actor, at: now, on: db)
            return task
        }
    }

    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> FollowUpTask {
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            let task = try await visibleTask(id, by: actor, on: db)
            guard try await canWrite(task, by: actor, on: db) else { throw GuanxiError.forbidden }
            let assignee = draft.assigneeID == task.$assignee.id ? task.$assignee.id
                : try await resolveAssignee(draft.assigneeID, by: actor, on: db)
            try await task.updateAudited(version: version, by: actor, at: now, on: db) { Self.apply(draft, to: task, assignee: assignee, now: now) }
            return task
        }
    }

    /// Marks a task done (or open again) without a version: the checkbox in a list.
    public func setStatus(id: Int64, _ status: TaskStatus, by actor: Actor) async throws -> FollowUpTask {
        let task = try await task(id: id, by: actor)
        var draft = Self.draft(of: task)
        draft.status = status
        return try await update(id: id, version: task.version, draft, by: actor)
    }

    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let task = try await visibleTask(id, by: actor, on: db)
            guard try await canWrite(task, by: actor, on: db) else { throw GuanxiError.forbidden }
            try await task.deleteAudited(naming: "title", task.title, by: actor, at: now, on: db)
        }
    }

    public func task(id: Int64, by actor: Actor) async throws -> FollowUpTask {
        try await visibleTask(id, by: actor, on: database)
    }

    public func canWrite(_ task: FollowUpTask, by actor: Actor) async throws -> Bool {
        try await canWrite(task, by: actor, on: database)
    }

    /// Which tasks a list shows.
    public enum View: String, Sendable, CaseIterable {
        /// Open tasks assigned to me, soonest due first.
        case mine
        /// Open tasks past their due time among the people I may see, oldest due first.
        case overdue
        /// My open tasks whose reminder time has come.
        case reminders
    }

    public func list(_ view: View, after cursor: PageCursor?, limit: Int, by actor: Actor) async throws -> Page<FollowUpTask> {
        try await Self.pageByDue(query(view, by: actor), after: cursor, limit: limit)
    }

    /// How many tasks the view's list holds; the dashboard's figures link to these lists and must agree with them.
    public func count(_ view: View, by actor: Actor) async throws -> Int {
        try await query(view, by: actor).count()
    }

    private func query(_ view: View, by actor: Actor) async throws -> QueryBuilder<FollowUpTask> {
        let now = clock.now()
        var query = FollowUpTask.query(on: database).filter(\.$status == .open)
        switch view {
        case .mine:
            query = query.filter(\.$assignee.$id == (actor.userID ?? 0))
        case .overdue:
            query = query.filter(\.$dueAt < now)
            if let owners = try await CustomerAccess.ownerIDs(actor.access.readScope, on: database) {
                query = query.filter(\.$assignee.$id ~~ owners)
            }
        case .reminders:
            query = query.filter(\.$assignee.$id == (actor.userID ?? 0)).filter(\.$remindAt <= now)
        }
        return query
    }

    /// Open tasks of a customer, soonest due first.
    public func openTasks(of customerID: Int64, includeDeleted: Bool = false, by actor: Actor) async throws -> [FollowUpTask] {
        _ = try await CustomerAccess.visibleCustomer(customerID, by: actor, includeDeleted: includeDeleted, on: database)
        return try await FollowUpTask.query(on: database).filter(\.$customer.$id == customerID).filter(\.$status == .open)
            .sort(\.$dueAt).sort(\.$id).limit(200).all()
    }

    /// How many of my open tasks have a reminder due; shown on every page.
    public func dueReminderCount(for actor: Actor) async throws -> Int {
        guard let userID = actor.userID else { return 0 }
        return try await FollowUpTask.query(on: database).filter(\.$assignee.$id == userID).filter(\.$status == .open)
            .filter(\.$remindAt <= clock.now()).count()
    }

    static func pageByDue(_ query: QueryBuilder<FollowUpTask>, after cursor: PageCursor?, limit: Int) async throws -> Page<FollowUpTask> {
        var query = query
        let limit = min(max(limit, 1), PageCursor.maximumLimit)
        if let cursor, let key = cursor.sortKey, let time = Double(key) {
            let at = Date(timeIntervalSince1970: time)
            query = query.group(.or) { or in
                or.filter(\.$dueAt > at)
                or.group(.and) { $0.filter(\.$dueAt == at).filter(\.$id > cursor.lastID) }
            }
        }
        let rows = try await query.sort(\.$dueAt).sort(\.$id).limit(limit + 1).all()
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.flatMap { last in
            last.id.map { PageCursor(lastID: $0, sortKey: String(last.dueAt.timeIntervalSince1970)) }
        } : nil
        return Page(items: items, next: next)
    }

    private func visibleTask(_ id: Int64, by actor: Actor, on db: any Database) async throws -> FollowUpTask {
        guard let task = try await FollowUpTask.find(id, on: db) else { throw GuanxiError.notFound(entity: "task") }
        if let customerID = task.$customer.id {
            do { _ = try await CustomerAccess.visibleCustomer(customerID, by: actor, on: db) }
            catch GuanxiError.notFound { throw GuanxiError.notFound(entity: "task") }
        } else if actor.role != .admin, task.$assignee.id != actor.userID, task.$createdBy.id != actor.userID {
            throw GuanxiError.notFound(entity: "task")
        }
        return task
    }

    private func canWrite(_ task: FollowUpTask, by actor: Actor, on db: any Database) async throws -> Bool {
        if Self.mayChange(task, customerWritable: false, by: actor) { return true }
        guard let customerID = task.$customer.id, let customer = try await Customer.find(customerID, on: db) else { return false }
        return try await CustomerAccess.canWrite(customer, by: actor, on: db)
    }

    /// Whether the actor may complete or change the task, knowing whether it may change the task's customer:
    /// pages use it to offer only the actions that will be accepted.
    public static func mayChange(_ task: FollowUpTask, customerWritable: Bool, by actor: Actor) -> Bool {
        if let me = actor.userID, task.$assignee.id == me || task.$createdBy.id == me { return true }
        return actor.role == .admin || customerWritable
    }

    /// Tasks go to oneself; managers and administrators may assign them to the people they manage.
    private func resolveAssignee(_ requested: Int64?, by actor: Actor, on db: any Database) async throws -> Int64? {
        guard let requested, requested != actor.userID else { return actor.userID }
        var problems = FieldProblems()
        guard actor.access.assignsOwners, let user = try await User.find(requested, on: db), user.active,
              AccessPolicy.contains(actor.access.writeScope, ownerID: requested, ownerTeamID: user.$team.id) else {
            problems["assignee_id"] = .unknownReference
            throw GuanxiError.invalid(problems)
        }
        return requested
    }

    public static func validated(_ draft: Draft) throws -> Draft {
        var draft = draft
        var problems = FieldProblems()
        draft.title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        problems["title"] = CustomerRules.check(name: draft.title)
        problems["notes"] = CustomerRules.check(text: draft.notes, maximum: CustomerRules.maximumNotesLength)
        if draft.dueAt == .distantPast { problems["due_at"] = .required }
        if let remind = draft.remindAt, draft.dueAt != .distantPast, remind > draft.dueAt { problems["remind_at"] = .remindAfterDue }
        try problems.throwIfAny()
        return draft
    }

    static func apply(_ draft: Draft, to task: FollowUpTask, assignee: Int64?, now: Date) {
        task.title = draft.title
        task.notes = draft.notes
        task.dueAt = draft.dueAt
        task.remindAt = draft.remindAt
        task.$assignee.id = assignee
        task.priority = draft.priority
        // A new task has no status yet; completion time is set when a task becomes done and cleared when reopened.
        if task.$status.value != draft.status {
            task.completedAt = draft.status == .done ? now : nil
        }
        task.status = draft.status
    }

    public static func draft(of task: FollowUpTask) -> Draft {
        var draft = Draft()
        draft.customerID = task.$customer.id
        draft.title = task.title
        draft.notes = task.notes
        draft.dueAt = task.dueAt
        draft.remindAt = task.remindAt
        draft.assigneeID = task.$assignee.id
        draft.priority = task.priority
        draft.status = task.status
        return draft
    }

}

extension FollowUpTask: AuditedRecord {
    static var auditEntity: String { "task" }

    var auditSnapshot: [String: String?] {
        let iso = ISO8601DateFormatter()
        return ["customer_id": $customer.id.map(String.init), "title": title, "notes": notes,
                "due_at": iso.string(from: dueAt), "remind_at": remindAt.map(iso.string(from:)),
                "assignee_id": $assignee.id.map(String.init), "priority": priority.rawValue, "status": status.rawValue]
    }
}
