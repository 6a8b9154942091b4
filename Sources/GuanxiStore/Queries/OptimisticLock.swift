import Fluent
import GuanxiCore
import SQLKit

/// Optimistic concurrency: a write first claims the row at the version the client read.
public enum OptimisticLock {
    /// Bumps `version` only when it still equals `expected`; the row stays locked until the transaction ends,
    /// so two concurrent editors can never both win. Throws `staleVersion` or `notFound`.
    public static func claim(_ table: String, id: Int64, expected: Int, entity: String, on database: any Database) async throws {
        let sql = try database.sql()
        let claimed = try await sql.update(table)
            .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLBind(1)))
            .where("id", .equal, SQLBind(id))
            .where("version", .equal, SQLBind(expected))
            .returning("id")
            .all()
        guard claimed.isEmpty else { return }
        let current = try await sql.select().column("version").from(table)
            .where("id", .equal, SQLBind(id)).first()
        guard let current, let version = try? current.decode(column: "version", as: Int.self) else {
            throw GuanxiError.notFound(entity: entity)
        }
        throw GuanxiError.staleVersion(entity: entity, current: version)
    }
}
