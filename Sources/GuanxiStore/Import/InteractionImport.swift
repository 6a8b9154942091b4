import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Interactions from a file, each with a customer named by id or by name and a colleague by username, and checked
/// by the interaction log's own rules (`InteractionLog.checked`).
struct InteractionImport: ImportKindProcessor {
    static let columns: [ImportColumns.Column] = [
        .init(field: "customer", required: true, aliases: ["客户", "客户名称", "customer_id"]),
        .init(field: "channel", required: true, aliases: ["渠道", "方式"]),
        .init(field: "occurred_at", required: true, aliases: ["时间", "日期", "date", "time"]),
        .init(field: "direction", required: false, aliases: ["方向"]),
        .init(field: "user", required: false, aliases: ["员工", "负责人", "username"]),
        .init(field: "duration_seconds", required: false, aliases: ["时长", "时长秒", "duration"]),
        .init(field: "subject", required: false, aliases: ["主题"]),
        .init(field: "notes", required: false, aliases: ["备注", "内容", "记录"]),
        .init(field: "outcome", required: false, aliases: ["结果"]),
        .init(field: "queue_wait_seconds", required: false, aliases: ["排队时长", "等待秒数"]),
        .init(field: "abandoned", required: false, aliases: ["放弃", "呼损"]),
    ]

    let session: ImportSession

    init(session: ImportSession) { self.session = session }

    mutating func process(_ rows: [Row], into report: inout ImportReport, on db: any Database) async throws {
        let customers = try await session.resolveCustomers(rows.map { $0["customer"] }, db)
        var values: [[BulkValue]] = []
        var touched = Set<Int64>()
        for row in rows {
            var bad = false
            let customerID = session.customer(row, in: customers, &report)
            if customerID == nil { bad = true }
            var draft = InteractionLog.Draft()
            let channel = ImportValues.channel(row["channel"])
            if let channel { draft.channel = channel }
            else { bad = session.fieldProblem(row, "channel", .notOneOf(InteractionChannel.allCases.map(\.rawValue)), &report) || bad }
            if !row["direction"].isEmpty {
                if let value = ImportValues.direction(row["direction"]) { draft.direction = value }
                else { bad = session.fieldProblem(row, "direction", .notOneOf(InteractionDirection.allCases.map(\.rawValue)), &report) || bad }
            }
            draft.occurredAt = LocalDateParser.dateTime(row["occurred_at"], timeZone: session.timeZone)
            if draft.occurredAt == nil {
                bad = session.fieldProblem(row, "occurred_at", row["occurred_at"].isEmpty ? .required : .invalidDate, &report) || bad
            }
            var user = session.actor.userID
            if !row["user"].isEmpty {
                if let id = session.context.user(named: row["user"]) { user = id }
                else { session.problem(row, "user", session.context.problem(forUser: row["user"]), &report); bad = true }
            }
            draft.durationSeconds = seconds(row, "duration_seconds", &report, &bad) ?? 0
            draft.queueWaitSeconds = seconds(row, "queue_wait_seconds", &report, &bad)
            draft.abandoned = session.bool(row, "abandoned", &report, refused: &bad)
            draft.subject = row["subject"]
            draft.notes = row["notes"]
            draft.outcome = row["outcome"]
            let (checked, problems) = InteractionLog.checked(draft, now: session.now)
            bad = session.fieldProblems(row, problems, &report) || bad
            guard !bad, let customerID, let occurredAt = checked.occurredAt else { continue }
            touched.insert(customerID)
            values.append([.int(customerID), .int(user), .text(checked.channel.rawValue), .text(checked.direction.rawValue), .date(occurredAt),
                           .int(Int64(checked.durationSeconds)), .text(checked.subject), .text(checked.notes), .text(checked.outcome),
                           .int(checked.queueWaitSeconds.map(Int64.init)), checked.abandoned.map(BulkValue.bool) ?? .null,
                           .int(1), .date(session.now), .date(session.now)])
        }
        report.validRows += values.count
        guard report.succeeded, !values.isEmpty else { return }
        try await BulkWriter.insert(into: Interaction.schema, columns: [
            "customer_id", "user_id", "channel", "direction", "occurred_at", "duration_seconds", "subject", "notes", "outcome",
            "queue_wait_seconds", "abandoned", "version", "created_at", "updated_at",
        ], rows: values, on: db)
        try await db.sql().raw("""
            UPDATE customers SET last_interaction_at = (SELECT MAX(occurred_at) FROM interactions WHERE interactions.customer_id = customers.id)
            WHERE id IN \(SQLBind.group(Array(touched)))
            """).run()
        report.writtenRows += values.count
    }

    /// A count of seconds; nil when empty, and when it is no whole number (then reported as out of the range the
    /// log's rules allow, and `bad` set). A number out of that range is left to the rules.
    private func seconds(_ row: Row, _ field: String, _ report: inout ImportReport, _ bad: inout Bool) -> Int? {
        let cell = row[field]
        if cell.isEmpty { return nil }
        if let value = Int(cell) { return value }
        bad = session.fieldProblem(row, field, .outOfRange(minimum: 0, maximum: InteractionLog.maximumDurationSeconds), &report) || bad
        return nil
    }
}
