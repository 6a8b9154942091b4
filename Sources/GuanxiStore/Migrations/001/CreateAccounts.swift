import Fluent
import SQLKit

/// 001: teams, users, API tokens, web sessions, login attempts and the audit log.
struct CreateAccounts: AsyncMigration {
    var name: String { "001_create_accounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("teams")
            .field(.id, .int64, .identifier(auto: true))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()

        try await database.schema("users")
            .field(.id, .int64, .identifier(auto: true))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("team_id", .int64, .references("teams", .id, onDelete: .setNull))
            .field("language", .string)
            .field("active", .bool, .required)
            .field("password_hash", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "username")
            .create()

        try await database.schema("api_tokens")
            .field(.id, .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("name", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()

        try await database.schema("web_sessions")
            .field(.id, .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()

        try await database.schema("login_attempts")
            .field(.id, .int64, .identifier(auto: true))
            .field("username", .string, .required)
            .field("succeeded", .bool, .required)
            .field("remote_address", .string, .required)
            .field("created_at", .datetime, .required)
            .create()

        try await database.schema("audit_entries")
            .field(.id, .int64, .identifier(auto: true))
            .field("actor_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .int64, .required)
            .field("changes", .string, .required)
            .field("created_at", .datetime, .required)
            .create()

        let sql = try database.sql()
        try await sql.create(index: "users_team_id_idx").on("users").column("team_id").run()
        try await sql.create(index: "users_role_idx").on("users").column("role").run()
        try await sql.create(index: "api_tokens_user_id_idx").on("api_tokens").column("user_id").run()
        try await sql.create(index: "web_sessions_user_id_idx").on("web_sessions").column("user_id").run()
        try await sql.create(index: "login_attempts_username_created_idx").on("login_attempts")
            .column("username").column("created_at").run()
        try await sql.create(index: "audit_entries_entity_idx").on("audit_entries")
            .column("entity").column("entity_id").run()
        try await sql.create(index: "audit_entries_actor_id_idx").on("audit_entries").column("actor_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["audit_entries", "login_attempts", "web_sessions", "api_tokens", "users", "teams"] {
            try await database.schema(table).delete()
        }
    }
}
