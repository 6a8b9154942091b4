import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct UserBody: Encodable, SchemaDescribed {
    let id: Int64, version: Int, created_at: Date, updated_at: Date
    let username: String, display_name: String, email: String, role: String
    let team_id: Int64?, language: String?, active: Bool

    /// `viewer`: who asks; a colleague's e-mail is empty unless the viewer's role sees staff e-mail (`Role.seesStaffEmail`).
    init(_ user: User, seenBy viewer: User) throws {
        id = try user.requireID(); version = user.version; created_at = user.createdAt; updated_at = user.updatedAt
        username = user.username; display_name = user.displayName; role = user.role.rawValue
        email = viewer.role.seesStaffEmail || viewer.id == user.id ? user.email : ""
        team_id = user.$team.id; language = user.language?.rawValue; active = user.active
    }

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, username, display_name, email, role, team_id, language, active
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(version, forKey: .version)
        try c.encode(created_at, forKey: .created_at); try c.encode(updated_at, forKey: .updated_at)
        try c.encode(username, forKey: .username); try c.encode(display_name, forKey: .display_name)
        try c.encode(email, forKey: .email); try c.encode(role, forKey: .role)
        try c.encode(team_id, forKey: .team_id); try c.encode(language, forKey: .language); try c.encode(active, forKey: .active)
    }

    static let schemaName = "User"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("username", .string()), ("display_name", .string()), ("email", .string()),
            ("role", .enumeration(Role.allCases.map(\.rawValue))), ("team_id", .nullable(.integer(minimum: 1))),
            ("language", .nullable(.enumeration(Language.allCases.map(\.rawValue)))), ("active", .boolean),
        ], required: recordSchemaRequired + ["username", "display_name", "email", "role", "team_id", "language", "active"])
    }
}

struct NewUserBody: JSONRequestBody {
    let username: String, display_name: String, email: String?, role: String
    let team_id: Int64?, language: String?, active: Bool?, password: String

    static let acceptedKeys: Set<String> = ["username", "display_name", "email", "role", "team_id", "language", "active", "password"]
    static let schemaName = "NewUser"
    static var schema: JSONSchema {
        .object([
            ("username", .string(pattern: .username)), ("display_name", .name(AccountRules.displayNameMaximum)), ("email", .optionalEmail),
            ("role", .enumeration(Role.allCases.map(\.rawValue))), ("team_id", .nullable(.id)),
            ("language", .enumeration(Language.allCases.map(\.rawValue))), ("active", .boolean),
            ("password", .password),
        ], required: ["username", "display_name", "role", "password"])
    }
}

struct UserPatchBody: JSONRequestBody {
    let version: Int
    let display_name: String?, email: String?, role: String?
    /// nil: leave as is; .some(nil): clear the team.
    let team_id: Int64??
    /// nil: leave as is; .some(nil): follow the browser again.
    let language: String??
    let active: Bool?, password: String?

    enum CodingKeys: String, CodingKey { case version, display_name, email, role, team_id, language, active, password }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        display_name = try c.decodeIfPresent(String.self, forKey: .display_name)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        role = try c.decodeIfPresent(String.self, forKey: .role)
        team_id = c.contains(.team_id) ? .some(try c.decodeIfPresent(Int64.self, forKey: .team_id)) : nil
        language = c.contains(.language) ? .some(try c.decodeIfPresent(String.self, forKey: .language)) : nil
        active = try c.decodeIfPresent(Bool.self, forKey: .active)
        password = try c.decodeIfPresent(String.self, forKey: .password)
    }

    static let acceptedKeys: Set<String> = ["version", "display_name", "email", "role", "team_id", "language", "active", "password"]
    static let schemaName = "UserPatch"
    static var schema: JSONSchema {
        .object([
            ("version", .version), ("display_name", .name(AccountRules.displayNameMaximum)), ("email", .optionalEmail),
            ("role", .enumeration(Role.allCases.map(\.rawValue))), ("team_id", .nullable(.id)),
            ("language", .nullable(.enumeration(Language.allCases.map(\.rawValue)))), ("active", .boolean), ("password", .password),
        ], required: ["version"])
    }
}

struct TeamBody: Encodable, SchemaDescribed {
    let id: Int64, version: Int, created_at: Date, updated_at: Date, name: String, description: String

    init(_ team: Team) throws {
        id = try team.requireID(); version = team.version; created_at = team.createdAt; updated_at = team.updatedAt
        name = team.name; description = team.description
    }

    static let schemaName = "Team"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [("name", .string()), ("description", .string())], required: recordSchemaRequired + ["name", "description"])
    }
}

struct NewTeamBody: JSONRequestBody {
    let name: String, description: String?
    static let acceptedKeys: Set<String> = ["name", "description"]
    static let schemaName = "NewTeam"
    static var schema: JSONSchema {
        .object([("name", .name(AccountRules.teamNameMaximum)), ("description", .text())], required: ["name"])
    }
}

struct TeamPatchBody: JSONRequestBody {
    let version: Int, name: String?, description: String?
    static let acceptedKeys: Set<String> = ["version", "name", "description"]
    static let schemaName = "TeamPatch"
    static var schema: JSONSchema {
        .object([("version", .version), ("name", .name(AccountRules.teamNameMaximum)), ("description", .text())], required: ["version"])
    }
}

struct TokenRequestBody: JSONRequestBody {
    let username: String, password: String, name: String?
    static let acceptedKeys: Set<String> = ["username", "password", "name"]
    static let schemaName = "TokenRequest"
    static var schema: JSONSchema {
        .object([("username", .string(minLength: 1, maxLength: 200)), ("password", .string(minLength: 1, maxLength: 200)),
                 ("name", .line(100))], required: ["username", "password"])
    }
}

struct PasswordChangeBody: JSONRequestBody {
    let old_password: String, new_password: String
    static let acceptedKeys: Set<String> = ["old_password", "new_password"]
    static let schemaName = "PasswordChange"
    static var schema: JSONSchema {
        .object([("old_password", .string(minLength: 1, maxLength: 200)), ("new_password", .password)], required: ["old_password", "new_password"])
    }
}

struct IssuedTokenBody: Encodable, SchemaDescribed {
    let id: Int64, token: String, name: String, expires_at: Date
    static let schemaName = "IssuedToken"
    static var schema: JSONSchema {
        .object([("id", .integer(minimum: 1)), ("token", .string()), ("name", .string()), ("expires_at", .string(format: "date-time"))],
                required: ["id", "token", "name", "expires_at"])
    }
}

struct TokenBody: Encodable, SchemaDescribed {
    let id: Int64, version: Int, created_at: Date, updated_at: Date, name: String, expires_at: Date, last_used_at: Date?

    init(_ token: APIToken) throws {
        id = try token.requireID(); version = token.version; created_at = token.createdAt; updated_at = token.updatedAt
        name = token.name; expires_at = token.expiresAt; last_used_at = token.lastUsedAt
    }

    enum CodingKeys: String, CodingKey { case id, version, created_at, updated_at, name, expires_at, last_used_at }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(version, forKey: .version)
        try c.encode(created_at, forKey: .created_at); try c.encode(updated_at, forKey: .updated_at)
        try c.encode(name, forKey: .name); try c.encode(expires_at, forKey: .expires_at); try c.encode(last_used_at, forKey: .last_used_at)
    }

    static let schemaName = "Token"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [("name", .string()), ("expires_at", .string(format: "date-time")), ("last_used_at", .nullable(.string(format: "date-time")))],
                required: recordSchemaRequired + ["name", "expires_at", "last_used_at"])
    }
}

struct AuditEntryBody: Encodable, SchemaDescribed {
    let id: Int64, version: Int, created_at: Date, updated_at: Date
    let actor_id: Int64?, actor_name: String, action: String, entity: String, entity_id: Int64
    let changes: [String: ChangeSet.Change]

    init(_ entry: AuditEntry) throws {
        id = try entry.requireID(); version = 1; created_at = entry.createdAt; updated_at = entry.createdAt
        actor_id = entry.$actor.id; actor_name = entry.actorName; action = entry.action.rawValue
        entity = entry.entity; entity_id = entry.entityID; changes = ChangeSet.decode(entry.changes)
    }

    enum CodingKeys: String, CodingKey { case id, version, created_at, updated_at, actor_id, actor_name, action, entity, entity_id, changes }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(version, forKey: .version)
        try c.encode(created_at, forKey: .created_at); try c.encode(updated_at, forKey: .updated_at)
        try c.encode(actor_id, forKey: .actor_id); try c.encode(actor_name, forKey: .actor_name)
        try c.encode(action, forKey: .action); try c.encode(entity, forKey: .entity); try c.encode(entity_id, forKey: .entity_id)
        try c.encode(changes.mapValues(ChangeBody.init), forKey: .changes)
    }

    /// Encodes `from`/`to` as explicit nulls so clients see both keys.
    struct ChangeBody: Encodable {
        let change: ChangeSet.Change
        init(_ change: ChangeSet.Change) { self.change = change }
        enum CodingKeys: String, CodingKey { case from, to }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(change.from, forKey: .from); try c.encode(change.to, forKey: .to)
        }
    }

    static let schemaName = "AuditEntry"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("actor_id", .nullable(.integer(minimum: 1))), ("actor_name", .string()),
            ("action", .enumeration(AuditAction.allCases.map(\.rawValue))), ("entity", .string()), ("entity_id", .integer()),
            ("changes", .map(.object([("from", .nullable(.string())), ("to", .nullable(.string()))], required: ["from", "to"]))),
        ], required: recordSchemaRequired + ["actor_id", "actor_name", "action", "entity", "entity_id", "changes"])
    }
}
