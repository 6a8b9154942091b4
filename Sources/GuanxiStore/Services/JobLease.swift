import Fluent
import Foundation
import SQLKit

/// Claims a scheduled job for one period, atomically, so that of several server instances on one database
/// exactly one runs it; the others see the lease and skip.
public enum JobLease {
    /// Returns true when `holder` won the job until `now + period`; false when another holder's lease still runs.
    public static func claim(_ job: String, holder: String, now: Date, period: TimeInterval, on database: any Database) async throws -> Bool {
        let sql = try database.sql()
        // Make sure the row exists; a concurrent insert by another instance is fine.
        try await sql.insert(into: "job_leases")
            .columns("name", "holder", "leased_until")
            .values(SQLBind(job), SQLBind(""), SQLBind(Date(timeIntervalSince1970: 0)))
            .ignoringConflicts(with: ["name"])
            .run()
        // A single conditional UPDATE decides the winner: the database serialises it.
        let won = try await sql.update("job_leases")
            .set("holder", to: SQLBind(holder))
            .set("leased_until", to: SQLBind(now.addingTimeInterval(period)))
            .set("last_run_at", to: SQLBind(now))
            .where("name", .equal, SQLBind(job))
            .where("leased_until", .lessThanOrEqual, SQLBind(now))
            .returning("name")
            .all()
        return !won.isEmpty
    }
}
