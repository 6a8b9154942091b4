import Fluent
import SQLKit

/// 002: leases that let exactly one server instance run each scheduled job per period.
struct CreateJobLeases: AsyncMigration {
    var name: String { "002_create_job_leases" }

    func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("leased_until", .datetime, .required)
            .field("last_run_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("job_leases").delete()
    }
}
