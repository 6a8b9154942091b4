import Fluent
import Foundation

/// 012: the sales channels an administrator adds to the built-in ones (direct, online store, agent, phone,
/// WeChat, trade show, other). An order keeps the channel's code in `orders.channel`, as it keeps a built-in one.
struct CreateSalesChannels: AsyncMigration {
    var name: String { "012_create_sales_channels" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sales_channels")
            .field(.id, .int64, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name_en", .string, .required)
            .field("name_zh", .string, .required)
            .field("position", .int, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sales_channels").delete()
    }
}
