import Fluent
import SQLKit

/// 003: customers, tags, contacts, interactions, follow-up tasks and rules, products, segments, import jobs,
/// and the substring search index (SQLite FTS5 trigram, PostgreSQL pg_trgm).
struct CreateCustomerCore: AsyncMigration {
    var name: String { "003_create_customer_core" }

    func prepare(on database: any Database) async throws {
        try await database.schema("customers")
            .field(.id, .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("industry", .string, .required)
            .field("region", .string, .required)
            .field("address", .string, .required)
            .field("phone", .string, .required)
            .field("email", .string, .required)
            .field("website", .string, .required)
            .field("source", .string, .required)
            .field("owner_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("stage", .string, .required)
            .field("custom_fields", .string, .required)
            .field("annual_category_spend", .int64)
            .field("marketing_consent", .bool, .required)
            .field("name_key", .string)
            .field("phone_key", .string)
            .field("email_key", .string)
            .field("search_text", .string, .required)
            .field("last_interaction_at", .datetime)
            .field("deleted_at", .datetime)
            .field("merged_into_id", .int64)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("customer_tags")
            .field("customer_id", .int64, .required, .references("customers", .id, onDelete: .cascade))
            .field("tag", .string, .required)
            .compositeIdentifier(over: "customer_id", "tag")
            .create()

        try await database.schema("contacts")
            .field(.id, .int64, .identifier(auto: true))
            .field("customer_id", .int64, .required, .references("customers", .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("title", .string, .required)
            .field("phone", .string, .required)
            .field("mobile", .string, .required)
            .field("email", .string, .required)
            .field("wechat_id", .string, .required)
            .field("birthday", .string)
            .field("is_primary", .bool, .required)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("interactions")
            .field(.id, .int64, .identifier(auto: true))
            .field("customer_id", .int64, .required, .references("customers", .id, onDelete: .cascade))
            .field("contact_id", .int64, .references("contacts", .id, onDelete: .setNull))
            .field("user_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("channel", .string, .required)
            .field("direction", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("duration_seconds", .int, .required)
            .field("subject", .string, .required)
            .field("notes", .string, .required)
            .field("outcome", .string, .required)
            .field("queue_wait_seconds", .int)
            .field("abandoned", .bool)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("follow_up_rules")
            .field(.id, .int64, .identifier(auto: true))
            .field("name", .string, .required)
            .field("trigger", .string, .required)
            .field("days", .int, .required)
            .field("tag", .string)
            .field("stage", .string)
            .field("channel", .string)
            .field("task_title", .string, .required)
            .field("priority", .string, .required)
            .field("active", .bool, .required)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("tasks")
            .field(.id, .int64, .identifier(auto: true))
            .field("customer_id", .int64, .references("customers", .id, onDelete: .cascade))
            .field("assignee_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("title", .string, .required)
            .field("notes", .string, .required)
            .field("due_at", .datetime, .required)
            .field("remind_at", .datetime)
            .field("priority", .string, .required)
            .field("status", .string, .required)
            .field("completed_at", .datetime)
            .field("rule_id", .int64, .references("follow_up_rules", .id, onDelete: .setNull))
            // One task per rule, customer and occasion: the unique key makes a second instance's insert a no-op.
            .field("rule_key", .string)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "rule_key")
            .create()

        try await database.schema("products")
            .field(.id, .int64, .identifier(auto: true))
            .field("sku", .string, .required)
            .field("name", .string, .required)
            .field("category", .string, .required)
            .field("unit", .string, .required)
            .field("list_price", .int64, .required)
            .field("unit_cost", .int64, .required)
            .field("brand", .string, .required)
            .field("manufacturer", .string, .required)
            .field("is_agent_product", .bool, .required)
            .field("launch_date", .string)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "sku")
            .create()

        try await database.schema("segments")
            .field(.id, .int64, .identifier(auto: true))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("filter", .string, .required)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()

        try await database.schema("import_jobs")
            .field(.id, .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("file_name", .string, .required)
            .field("dry_run", .bool, .required)
            .field("status", .string, .required)
            .field("total_rows", .int, .required)
            .field("processed_rows", .int, .required)
            .field("written_rows", .int, .required)
            .field("report", .string, .required)
            .field("user_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        let sql = try database.sql()
        let indexes: [(String, String, [String])] = [
            ("customers_owner_idx", "customers", ["owner_id", "id"]),
            ("customers_stage_idx", "customers", ["stage", "id"]),
            ("customers_industry_idx", "customers", ["industry"]),
            ("customers_region_idx", "customers", ["region"]),
            ("customers_source_idx", "customers", ["source"]),
            ("customers_name_idx", "customers", ["name", "id"]),
            ("customers_created_idx", "customers", ["created_at"]),
            ("customers_last_interaction_idx", "customers", ["last_interaction_at"]),
            ("customers_name_key_idx", "customers", ["name_key"]),
            ("customers_phone_key_idx", "customers", ["phone_key"]),
            ("customers_email_key_idx", "customers", ["email_key"]),
            ("customers_created_by_idx", "customers", ["created_by_id"]),
            ("customer_tags_tag_idx", "customer_tags", ["tag", "customer_id"]),
            ("contacts_customer_idx", "contacts", ["customer_id"]),
            ("contacts_created_by_idx", "contacts", ["created_by_id"]),
            ("interactions_customer_idx", "interactions", ["customer_id", "occurred_at"]),
            ("interactions_contact_idx", "interactions", ["contact_id"]),
            ("interactions_user_idx", "interactions", ["user_id"]),
            ("interactions_channel_idx", "interactions", ["channel", "occurred_at"]),
            ("tasks_assignee_idx", "tasks", ["assignee_id", "status", "due_at"]),
            ("tasks_customer_idx", "tasks", ["customer_id", "status"]),
            ("tasks_status_due_idx", "tasks", ["status", "due_at"]),
            ("tasks_remind_idx", "tasks", ["remind_at"]),
            ("tasks_rule_idx", "tasks", ["rule_id"]),
            ("tasks_created_by_idx", "tasks", ["created_by_id"]),
            ("follow_up_rules_created_by_idx", "follow_up_rules", ["created_by_id"]),
            ("products_category_idx", "products", ["category"]),
            ("products_name_idx", "products", ["name"]),
            ("segments_created_by_idx", "segments", ["created_by_id"]),
            ("import_jobs_user_idx", "import_jobs", ["user_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }

        if sql.dialect.name == "sqlite" {
            // External-content FTS5 over customers.search_text; the trigram tokenizer finds any substring of 3+ characters,
            // which is what Chinese names need (no word boundaries). Triggers keep it in step with the table.
            try await sql.raw("""
                CREATE VIRTUAL TABLE customer_fts USING fts5(search_text, content='customers', content_rowid='id', tokenize='trigram')
                """).run()
            try await sql.raw("""
                CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
                  INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
                  INSERT INTO customer_fts(customer_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN
                  INSERT INTO customer_fts(customer_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                  INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
                END
                """).run()
        } else {
            // The extension lives in `public` so that databases using a private schema per tenant or test share it.
            // Serialised with an advisory lock: two databases migrating at once would otherwise race on the extension.
            try await database.transaction { transaction in
                let locked = try transaction.sql()
                try await locked.raw("SELECT pg_advisory_xact_lock(7413003)").run()
                try await locked.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public").run()
            }
            try await sql.raw("CREATE INDEX customers_search_trgm_idx ON customers USING gin (search_text public.gin_trgm_ops)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TABLE IF EXISTS customer_fts").run()
        }
        for table in ["import_jobs", "segments", "products", "tasks", "follow_up_rules", "interactions", "contacts", "customer_tags", "customers"] {
            try await database.schema(table).delete()
        }
    }
}
