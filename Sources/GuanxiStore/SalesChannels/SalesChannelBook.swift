import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// The sales channels an order may name: the built-in ones (`SalesChannel`) and those the administrator adds.
/// Everyone reads them; administrators add, rename, retire and delete the added ones. Orders, their API, forms and
/// imports all check a channel here (`problem(with:keeping:on:)`).
public struct SalesChannelBook: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Draft: Sendable {
        /// Set when the channel is added, then fixed: orders keep it.
        public var code = ""
        public var nameEnglish = ""
        public var nameChinese = ""
        public var position = 1
        public var active = true
        public init() {}
    }

    /// Lower-case letters, digits and `_`, starting with a letter: what goes into an order and a report's rows.
    public static let codePattern = "^[a-z][a-z0-9_]{0,39}$"
    static let maximumCodeLength = 40
    static let maximumNameLength = 60

    /// The added channels in their order, retired ones too.
    public func added() async throws -> [CustomSalesChannel] {
        try await Self.added(on: database)
    }

    static func added(on db: any Database) async throws -> [CustomSalesChannel] {
        try await CustomSalesChannel.query(on: db).sort(\.$position).sort(\.$id).all()
    }

    public func channel(id: Int64) async throws -> CustomSalesChannel {
        guard let channel = try await CustomSalesChannel.find(id, on: database) else { throw GuanxiError.notFound(entity: "sales channel") }
        return channel
    }

    /// Why an order may not name `code`, or nil: a built-in channel or an active added one, or the one the order
    /// already has (a retired channel stays on the orders that have it).
    public static func problem(with code: String, keeping current: String? = nil, on db: any Database) async throws -> FieldProblem? {
        if SalesChannel(rawValue: code) != nil || code == current { return nil }
        let active = try await CustomSalesChannel.query(on: db).filter(\.$active == true).all(\.$code)
        if active.contains(code) { return nil }
        return .notOneOf(SalesChannel.allCases.map(\.rawValue) + active)
    }

    public func create(_ draft: Draft, by actor: Actor) async throws -> CustomSalesChannel {
        try Self.requireAdmin(actor)
        let now = clock.now()
        return try await database.writeTransaction { db in
            var (draft, problems) = Self.checked(draft)
            draft.code = draft.code.trimmingCharacters(in: .whitespaces)
            problems["code"] = Self.check(code: draft.code)
            if problems["code"] == nil, try await CustomSalesChannel.query(on: db).filter(\.$code == draft.code).count() > 0 {
                problems["code"] = .alreadyTaken
            }
            try problems.throwIfAny()
            let channel = CustomSalesChannel()
            channel.code = draft.code
            Self.apply(draft, to: channel)
            try await channel.createAudited(by: actor, at: now, on: db)
            return channel
        }
    }

    /// Renames, moves or retires an added channel; its code stays.
    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> CustomSalesChannel {
        try Self.requireAdmin(actor)
        let (draft, problems) = Self.checked(draft)
        try problems.throwIfAny()
        let now = clock.now()
        return try await database.writeTransaction { db in
            guard let channel = try await CustomSalesChannel.find(id, on: db) else { throw GuanxiError.notFound(entity: "sales channel") }
            try await channel.updateAudited(version: version, by: actor, at: now, on: db) { Self.apply(draft, to: channel) }
            return channel
        }
    }

    /// Deletes an added channel no order names; one in use is refused (retire it instead).
    public func delete(id: Int64, by actor: Actor) async throws {
        try Self.requireAdmin(actor)
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let channel = try await CustomSalesChannel.find(id, on: db) else { throw GuanxiError.notFound(entity: "sales channel") }
            // No index on orders.channel: a delete is rare, every order write would pay for one.
            let used = try await (db as! any SQLDatabase).select().column(SQLLiteral.numeric("1")).from(Order.schema)
                .where("channel", .equal, SQLBind(channel.code)).limit(1).all()
            if !used.isEmpty { throw GuanxiError.conflict(reason: .channelInUse) }
            try await channel.deleteAudited(naming: "code", channel.code, by: actor, at: now, on: db)
        }
    }

    static func requireAdmin(_ actor: Actor) throws {
        guard actor.role == .admin else { throw GuanxiError.forbidden }
    }

    /// A new channel's code: the pattern, and not a built-in channel's.
    public static func check(code: String) -> FieldProblem? {
        if code.isEmpty { return .required }
        if code.count > maximumCodeLength { return .tooLong(maximum: maximumCodeLength) }
        if code.range(of: codePattern, options: .regularExpression) == nil { return .notAllowed }
        if SalesChannel(rawValue: code) != nil { return .alreadyTaken }
        return nil
    }

    static func checked(_ draft: Draft) -> (Draft, FieldProblems) {
        var draft = draft
        var problems = FieldProblems()
        draft.nameEnglish = draft.nameEnglish.trimmingCharacters(in: .whitespaces)
        draft.nameChinese = draft.nameChinese.trimmingCharacters(in: .whitespaces)
        problems["name_en"] = CustomerRules.check(listName: draft.nameEnglish, maximum: maximumNameLength)
        problems["name_zh"] = CustomerRules.check(listName: draft.nameChinese, maximum: maximumNameLength)
        if !(1...1000).contains(draft.position) { problems["position"] = .outOfRange(minimum: 1, maximum: 1000) }
        return (draft, problems)
    }

    static func apply(_ draft: Draft, to channel: CustomSalesChannel) {
        channel.nameEnglish = draft.nameEnglish
        channel.nameChinese = draft.nameChinese
        channel.position = draft.position
        channel.active = draft.active
    }
}
