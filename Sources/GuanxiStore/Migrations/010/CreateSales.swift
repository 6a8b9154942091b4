import Fluent
import Foundation
import SQLKit

/// 010: sales. Company settings, yearly document numbers, pipeline stages with the shipped defaults, opportunities
/// and their stage history, quotes with revisions, orders with lines (each with its unit cost at the time), payments
/// and returns, and each customer's running sales figures.
///
/// Money is whole fen, quantities thousandths of a unit, rates hundredths of a percent. Days are `YYYY-MM-DD` in
/// the company's time zone; `order_day` repeats an order's date that way so reports group by day on both databases.
struct CreateSales: AsyncMigration {
    var name: String { "010_create_sales" }

    func prepare(on database: any Database) async throws {
        try await database.schema("products").field("tax_rate_basis", .int64).update()

        try await database.schema("company_settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()

        try await database.schema("document_sequences")
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("last_number", .int64, .required)
            .compositeIdentifier(over: "kind", "year")
            .create()

        try await database.schema("pipeline_stages")
            .field(.id, .int64, .identifier(auto: true))
            .field("name_en", .string, .required)
            .field("name_zh", .string, .required)
            .field("position", .int, .required)
            .field("probability", .int, .required)
            .field("is_won", .bool, .required)
            .field("is_lost", .bool, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("opportunities")
            .field(.id, .int64, .identifier(auto: true))
            .field("customer_id", .int64, .required, .references("customers", .id, onDelete: .cascade))
            .field("contact_id", .int64, .references("contacts", .id, onDelete: .setNull))
            .field("title", .string, .required)
            .field("amount", .int64, .required)
            .field("expected_close_date", .string)
            .field("owner_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("source", .string, .required)
            .field("next_step", .string, .required)
            .field("competitors", .string, .required)
            .field("stage_id", .int64, .required, .references("pipeline_stages", .id))
            .field("lost_reason", .string, .required)
            .field("stage_entered_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("opportunity_stage_changes")
            .field(.id, .int64, .identifier(auto: true))
            .field("opportunity_id", .int64, .required, .references("opportunities", .id, onDelete: .cascade))
            .field("from_stage_id", .int64, .references("pipeline_stages", .id))
            .field("to_stage_id", .int64, .required, .references("pipeline_stages", .id))
            .field("changed_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("changed_at", .datetime, .required)
            .create()

        try await database.schema("quotes")
            .field(.id, .int64, .identifier(auto: true))
            .field("number", .string, .required)
            .field("revision", .int, .required)
            .field("customer_id", .int64, .required, .references("customers", .id, onDelete: .cascade))
            .field("contact_id", .int64, .references("contacts", .id, onDelete: .setNull))
            .field("opportunity_id", .int64, .references("opportunities", .id, onDelete: .setNull))
            .field("quote_date", .string, .required)
            .field("valid_until", .string, .required)
            .field("status", .string, .required)
            .field("tax_mode", .string, .required)
            .field("notes", .string, .required)
            .field("discount_total", .int64, .required)
            .field("net_total", .int64, .required)
            .field("tax_total", .int64, .required)
            .field("gross_total", .int64, .required)
            .field("cost_total", .int64, .required)
            .field("sent_at", .datetime)
            .field("decided_at", .datetime)
            .field("order_id", .int64)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number", "revision")
            .create()

        try await lineFields(database.schema("quote_lines")
            .field(.id, .int64, .identifier(auto: true))
            .field("quote_id", .int64, .required, .references("quotes", .id, onDelete: .cascade)))
            .create()

        try await database.schema("orders")
            .field(.id, .int64, .identifier(auto: true))
            .field("number", .string, .required)
            .field("customer_id", .int64, .required, .references("customers", .id, onDelete: .cascade))
            .field("contact_id", .int64, .references("contacts", .id, onDelete: .setNull))
            .field("quote_id", .int64, .references("quotes", .id, onDelete: .setNull))
            .field("opportunity_id", .int64, .references("opportunities", .id, onDelete: .setNull))
            .field("campaign_id", .int64)
            .field("ordered_at", .datetime, .required)
            .field("order_day", .string, .required)
            .field("status", .string, .required)
            .field("channel", .string, .required)
            .field("payment_method", .string, .required)
            .field("payment_terms_days", .int, .required)
            .field("due_date", .string, .required)
            .field("delivery_method", .string, .required)
            .field("promised_ship_date", .string)
            .field("promised_delivery_date", .string)
            .field("shipped_at", .datetime)
            .field("delivered_at", .datetime)
            .field("tax_mode", .string, .required)
            .field("notes", .string, .required)
            .field("discount_total", .int64, .required)
            .field("net_total", .int64, .required)
            .field("tax_total", .int64, .required)
            .field("gross_total", .int64, .required)
            .field("cost_total", .int64, .required)
            .field("returned_net", .int64, .required)
            .field("returned_gross", .int64, .required)
            .field("returned_cost", .int64, .required)
            .field("paid_total", .int64, .required)
            .field("refunded_total", .int64, .required)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()

        try await lineFields(database.schema("order_lines")
            .field(.id, .int64, .identifier(auto: true))
            .field("order_id", .int64, .required, .references("orders", .id, onDelete: .cascade)))
            .field("returned_quantity_milli", .int64, .required)
            .field("returned_net", .int64, .required)
            .field("returned_gross", .int64, .required)
            .field("returned_cost", .int64, .required)
            .create()

        try await database.schema("payments")
            .field(.id, .int64, .identifier(auto: true))
            .field("order_id", .int64, .required, .references("orders", .id, onDelete: .cascade))
            .field("amount", .int64, .required)
            .field("paid_at", .datetime, .required)
            .field("method", .string, .required)
            .field("reference", .string, .required)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()

        try await database.schema("order_returns")
            .field(.id, .int64, .identifier(auto: true))
            .field("order_id", .int64, .required, .references("orders", .id, onDelete: .cascade))
            .field("reason", .string, .required)
            .field("returned_at", .datetime, .required)
            .field("net_amount", .int64, .required)
            .field("gross_amount", .int64, .required)
            .field("cost_amount", .int64, .required)
            .field("refund_amount", .int64, .required)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()

        try await database.schema("order_return_lines")
            .field(.id, .int64, .identifier(auto: true))
            .field("return_id", .int64, .required, .references("order_returns", .id, onDelete: .cascade))
            .field("order_line_id", .int64, .required, .references("order_lines", .id, onDelete: .cascade))
            .field("quantity_milli", .int64, .required)
            .field("net_amount", .int64, .required)
            .field("gross_amount", .int64, .required)
            .field("cost_amount", .int64, .required)
            .create()

        // Kept current by every order write in the same transaction: the list and the 360 page read it directly.
        try await database.schema("customer_sales")
            .field("customer_id", .int64, .identifier(auto: false), .references("customers", .id, onDelete: .cascade))
            .field("order_count", .int, .required)
            .field("revenue", .int64, .required)
            .field("gross_profit", .int64, .required)
            .field("outstanding", .int64, .required)
            .field("first_order_at", .datetime)
            .field("last_order_at", .datetime)
            .create()

        // A rep's (user_id) or a team's (team_id) revenue target for a month, YYYY-MM.
        try await database.schema("sales_targets")
            .field(.id, .int64, .identifier(auto: true))
            .field("user_id", .int64, .references("users", .id, onDelete: .cascade))
            .field("team_id", .int64, .references("teams", .id, onDelete: .cascade))
            .field("month", .string, .required)
            .field("amount", .int64, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        let sql = try database.sql()
        let indexes: [(String, String, [String])] = [
            ("pipeline_stages_position_idx", "pipeline_stages", ["position"]),
            ("opportunities_customer_idx", "opportunities", ["customer_id"]),
            ("opportunities_stage_idx", "opportunities", ["stage_id", "id"]),
            ("opportunities_owner_idx", "opportunities", ["owner_id", "stage_id"]),
            ("opportunities_close_idx", "opportunities", ["expected_close_date"]),
            ("opportunities_contact_idx", "opportunities", ["contact_id"]),
            ("opportunities_created_by_idx", "opportunities", ["created_by_id"]),
            ("opportunity_stage_changes_opportunity_idx", "opportunity_stage_changes", ["opportunity_id", "changed_at"]),
            ("opportunity_stage_changes_user_idx", "opportunity_stage_changes", ["changed_by_id"]),
            ("quotes_customer_idx", "quotes", ["customer_id", "id"]),
            ("quotes_opportunity_idx", "quotes", ["opportunity_id"]),
            ("quotes_status_idx", "quotes", ["status", "valid_until"]),
            ("quotes_contact_idx", "quotes", ["contact_id"]),
            ("quotes_created_by_idx", "quotes", ["created_by_id"]),
            ("quote_lines_quote_idx", "quote_lines", ["quote_id", "position"]),
            ("quote_lines_product_idx", "quote_lines", ["product_id"]),
            ("orders_customer_idx", "orders", ["customer_id", "id"]),
            ("orders_day_idx", "orders", ["order_day"]),
            ("orders_quote_idx", "orders", ["quote_id"]),
            ("orders_opportunity_idx", "orders", ["opportunity_id"]),
            ("orders_contact_idx", "orders", ["contact_id"]),
            ("orders_created_by_idx", "orders", ["created_by_id"]),
            ("order_lines_order_idx", "order_lines", ["order_id", "position"]),
            ("order_lines_product_idx", "order_lines", ["product_id"]),
            ("payments_order_idx", "payments", ["order_id"]),
            ("payments_created_by_idx", "payments", ["created_by_id"]),
            ("order_returns_order_idx", "order_returns", ["order_id"]),
            ("order_returns_created_by_idx", "order_returns", ["created_by_id"]),
            ("order_return_lines_return_idx", "order_return_lines", ["return_id"]),
            ("order_return_lines_line_idx", "order_return_lines", ["order_line_id"]),
            ("sales_targets_month_idx", "sales_targets", ["month"]),
            ("sales_targets_team_idx", "sales_targets", ["team_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        // One order per accepted quote, however many times (and from however many instances) it is accepted.
        try await sql.create(index: "orders_one_per_quote_idx").on("orders").column("quote_id").unique().run()
        // One target per rep and month, and per team and month.
        try await sql.create(index: "sales_targets_user_month_idx").on("sales_targets").column("user_id").column("month").unique().run()

        let now = Date()
        for (position, stage) in PipelineStageBook.shippedDefaults.enumerated() {
            try await sql.insert(into: "pipeline_stages")
                .columns("name_en", "name_zh", "position", "probability", "is_won", "is_lost", "active", "version", "created_at", "updated_at")
                .values(SQLBind(stage.english), SQLBind(stage.chinese), SQLBind(position + 1), SQLBind(stage.probability),
                        SQLBind(stage.isWon), SQLBind(stage.isLost), SQLBind(true), SQLBind(1), SQLBind(now), SQLBind(now))
                .run()
        }
    }

    /// The columns quote lines and order lines share.
    private func lineFields(_ builder: SchemaBuilder) -> SchemaBuilder {
        builder
            .field("position", .int, .required)
            .field("product_id", .int64, .references("products", .id, onDelete: .setNull))
            .field("description", .string, .required)
            .field("quantity_milli", .int64, .required)
            .field("unit_price", .int64, .required)
            .field("discount_percent_basis", .int64)
            .field("discount_amount", .int64)
            .field("tax_rate_basis", .int64, .required)
            .field("unit_cost", .int64, .required)
            .field("discount_total", .int64, .required)
            .field("net_amount", .int64, .required)
            .field("tax_amount", .int64, .required)
            .field("gross_amount", .int64, .required)
            .field("cost_amount", .int64, .required)
    }

    func revert(on database: any Database) async throws {
        for table in ["sales_targets", "customer_sales", "order_return_lines", "order_returns", "payments", "order_lines", "orders", "quote_lines",
                      "quotes", "opportunity_stage_changes", "opportunities", "pipeline_stages", "document_sequences", "company_settings"] {
            try await database.schema(table).delete()
        }
        try await database.schema("products").deleteField("tax_rate_basis").update()
    }
}
