import Fluent
import Foundation
import SQLKit

/// 011: bids and tenders (投标). A bid for a customer's tender with its bond and result, the competitors bidding
/// for the same tender, and the files kept with it.
///
/// Money is whole fen; days are `YYYY-MM-DD` in the company's time zone. Attachments keep their bytes in the
/// database (BLOB on SQLite, BYTEA on PostgreSQL), so every instance behind a load balancer serves them.
struct CreateBids: AsyncMigration {
    var name: String { "011_create_bids" }

    func prepare(on database: any Database) async throws {
        try await database.schema("bids")
            .field(.id, .int64, .identifier(auto: true))
            .field("tender_number", .string, .required)
            .field("customer_id", .int64, .required, .references("customers", .id, onDelete: .cascade))
            .field("opportunity_id", .int64, .references("opportunities", .id, onDelete: .setNull))
            .field("title", .string, .required)
            .field("submission_deadline", .datetime, .required)
            .field("opening_date", .string)
            .field("bid_amount", .int64)
            .field("bond_amount", .int64, .required)
            .field("bond_paid_on", .string)
            .field("bond_returned_on", .string)
            .field("status", .string, .required)
            .field("winning_bidder", .string, .required)
            .field("winning_amount", .int64)
            .field("result_reason", .string, .required)
            .field("notes", .string, .required)
            .field("owner_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("reminder_task_id", .int64, .references("tasks", .id, onDelete: .setNull))
            .field("submitted_at", .datetime)
            .field("decided_at", .datetime)
            .field("created_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("bid_competitors")
            .field(.id, .int64, .identifier(auto: true))
            .field("bid_id", .int64, .required, .references("bids", .id, onDelete: .cascade))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("amount", .int64)
            .create()

        try await database.schema("bid_attachments")
            .field(.id, .int64, .identifier(auto: true))
            .field("bid_id", .int64, .required, .references("bids", .id, onDelete: .cascade))
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("data", .data, .required)
            .field("uploaded_by_id", .int64, .references("users", .id, onDelete: .setNull))
            .field("uploaded_at", .datetime, .required)
            .create()

        let sql = try database.sql()
        let indexes: [(String, String, [String])] = [
            ("bids_customer_idx", "bids", ["customer_id", "id"]),
            ("bids_status_idx", "bids", ["status", "id"]),
            ("bids_owner_idx", "bids", ["owner_id"]),
            ("bids_opportunity_idx", "bids", ["opportunity_id"]),
            ("bids_deadline_idx", "bids", ["submission_deadline"]),
            ("bids_reminder_task_idx", "bids", ["reminder_task_id"]),
            ("bids_created_by_idx", "bids", ["created_by_id"]),
            ("bid_competitors_bid_idx", "bid_competitors", ["bid_id", "position"]),
            ("bid_attachments_bid_idx", "bid_attachments", ["bid_id", "id"]),
            ("bid_attachments_uploaded_by_idx", "bid_attachments", ["uploaded_by_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["bid_attachments", "bid_competitors", "bids"] {
            try await database.schema(table).delete()
        }
    }
}
