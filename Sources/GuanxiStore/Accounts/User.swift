import Fluent
import Foundation
import GuanxiCore

/// A person who signs in to Guanxi.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "email") public var email: String
    @Enum(key: "role") public var role: Role
    @OptionalParent(key: "team_id") public var team: Team?
    /// The interface language the user chose; nil follows the browser.
    @OptionalEnum(key: "language") public var language: Language?
    @Field(key: "active") public var active: Bool
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(
        username: String, displayName: String, email: String, role: Role, teamID: Int64?,
        language: Language?, active: Bool, passwordHash: String, now: Date
    ) {
        self.username = username
        self.displayName = displayName
        self.email = email
        self.role = role
        self.$team.id = teamID
        self.language = language
        self.active = active
        self.passwordHash = passwordHash
        self.version = 1
        self.createdAt = now
        self.updatedAt = now
    }
}

extension User {
    /// Display names of the given users, for pages that name who did what; one query, none for no ids.
    public static func displayNames(_ ids: Set<Int64>, on database: any Database) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        let users = try await User.query(on: database).filter(\.$id ~~ ids).all()
        return Dictionary(users.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { first, _ in first })
    }
}
