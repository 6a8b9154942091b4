import Fluent
import Foundation
import GuanxiCore

/// Users and teams: every rule about creating, changing and removing them, for the web, the API and the CLI alike.
public struct AccountDirectory: Sendable {
    public let database: any Database
    public let hasher: any PasswordHashing
    public let clock: any TimeSource
    /// Told of every change to a user, so this process stops using what it remembered of their tokens.
    public var tokenUsers: TokenUserCache?

    public init(database: any Database, hasher: any PasswordHashing, clock: any TimeSource, tokenUsers: TokenUserCache? = nil) {
        self.database = database
        self.hasher = hasher
        self.clock = clock
        self.tokenUsers = tokenUsers
    }

    // MARK: Users

    /// What a new account needs.
    public struct NewUser: Sendable {
        public var username: String
        public var displayName: String
        public var email: String
        public var role: Role
        public var teamID: Int64?
        /// nil: follow the browser's language.
        public var language: Language?
        public var active: Bool
        public var password: String

        public init(username: String, displayName: String, email: String = "", role: Role, teamID: Int64? = nil,
                    language: Language? = nil, active: Bool = true, password: String) {
            self.username = username
            self.displayName = displayName
            self.email = email
            self.role = role
            self.teamID = teamID
            self.language = language
            self.active = active
            self.password = password
        }
    }

    /// A partial edit; nil leaves a field as it is. `teamID` uses a double optional: `.some(nil)` clears the team.
    public struct UserChanges: Sendable {
        public var displayName: String?
        public var email: String?
        public var role: Role?
        public var teamID: Int64??
        /// nil: leave as is; .some(nil): follow the browser again.
        public var language: Language??
        public var active: Bool?
        public var password: String?

        public init(displayName: String? = nil, email: String? = nil, role: Role? = nil, teamID: Int64?? = nil,
                    language: Language?? = nil, active: Bool? = nil, password: String? = nil) {
            self.displayName = displayName
            self.email = email
            self.role = role
            self.teamID = teamID
            self.language = language
            self.active = active
            self.password = password
        }
    }

    public func createUser(_ input: NewUser, by actor: Actor) async throws -> User {
        try requireAccountManager(actor)
        let username = input.username.trimmingCharacters(in: .whitespaces).lowercased()
        let email = input.email.trimmingCharacters(in: .whitespaces)
        let displayName = input.displayName.trimmingCharacters(in: .whitespaces)
        var problems = FieldProblems()
        problems["username"] = AccountRules.check(username: username)
        problems["display_name"] = AccountRules.check(displayName: displayName)
        problems["email"] = AccountRules.check(optionalEmail: email)
        problems["password"] = AccountRules.check(password: input.password)
        try problems.throwIfAny()
        let hash = try hasher.hash(input.password)
        let now = clock.now()
        return try await database.writeTransaction { db in
            var problems = FieldProblems()
            if try await User.query(on: db).filter(\.$username == username).first() != nil {
                problems["username"] = .alreadyTaken
            }
            if let teamID = input.teamID, try await Team.find(teamID, on: db) == nil {
                problems["team_id"] = .unknownReference
            }
            try problems.throwIfAny()
            let user = User(
                username: username, displayName: displayName, email: email, role: input.role, teamID: input.teamID,
                language: input.language, active: input.active, passwordHash: hash, now: now
            )
            try await user.create(on: db)
            var changes = ChangeSet()
            changes.note("username", from: nil, to: username)
            changes.note("display_name", from: nil, to: displayName)
            changes.note("email", from: nil, to: email)
            changes.note("role", from: nil, to: input.role.rawValue)
            changes.note("team_id", from: nil, to: input.teamID.map(String.init))
            changes.note("language", from: nil, to: input.language?.rawValue)
            changes.note("active", from: nil, to: String(input.active))
            try await AuditLog.record(.create, entity: "user", id: user.requireID(), changes: changes, by: actor, at: now, on: db)
            return user
        }
    }

    public func updateUser(id: Int64, version: Int, _ input: UserChanges, by actor: Actor) async throws -> User {
        defer { tokenUsers?.forgetAll() }
        try requireAccountManager(actor)
        var problems = FieldProblems()
        let displayName = input.displayName?.trimmingCharacters(in: .whitespaces)
        let email = input.email?.trimmingCharacters(in: .whitespaces)
        if let displayName { problems["display_name"] = AccountRules.check(displayName: displayName) }
        if let email { problems["email"] = AccountRules.check(optionalEmail: email) }
        if let password = input.password { problems["password"] = AccountRules.check(password: password) }
        try problems.throwIfAny()
        let newHash = try input.password.map { try hasher.hash($0) }
        let now = clock.now()
        return try await database.writeTransaction { db in
            try await OptimisticLock.claim(User.schema, id: id, expected: version, entity: "user", on: db)
            guard let user = try await User.find(id, on: db) else { throw GuanxiError.notFound(entity: "user") }
            if case .some(.some(let teamID)) = input.teamID, try await Team.find(teamID, on: db) == nil {
                var problems = FieldProblems()
                problems["team_id"] = .unknownReference
                throw GuanxiError.invalid(problems)
            }
            if user.id == actor.userID, input.active == false { throw GuanxiError.conflict(reason: .cannotDeactivateSelf) }
            let losesAdmin = user.role == .admin && user.active
                && ((input.role.map { $0 != .admin } ?? false) || input.active == false)
            if losesAdmin, try await activeAdminCount(on: db) <= 1 { throw GuanxiError.conflict(reason: .lastAdmin) }

            var changes = ChangeSet()
            if let displayName { changes.note("display_name", from: user.displayName, to: displayName); user.displayName = displayName }
            if let email { changes.note("email", from: user.email, to: email); user.email = email }
            if let role = input.role { changes.note("role", from: user.role.rawValue, to: role.rawValue); user.role = role }
            if let teamID = input.teamID {
                changes.note("team_id", from: user.$team.id.map(String.init), to: teamID.map(String.init))
                user.$team.id = teamID
            }
            if let language = input.language { changes.note("language", from: user.language?.rawValue, to: language?.rawValue); user.language = language }
            if let active = input.active { changes.note("active", from: String(user.active), to: String(active)); user.active = active }
            if let newHash { changes.noteSecret("password"); user.passwordHash = newHash }
            user.version = version + 1
            user.updatedAt = now
            try await user.update(on: db)
            if user.active == false || newHash != nil {
                // A disabled account or a reset password ends every open session and token at once.
                try await WebSession.query(on: db).filter(\.$user.$id == id).delete()
                try await APIToken.query(on: db).filter(\.$user.$id == id).delete()
            }
            try await AuditLog.record(.update, entity: "user", id: id, changes: changes, by: actor, at: now, on: db)
            return user
        }
    }

    /// Ends every browser session and API token of a user at once, without touching the password: for a lost phone or
    /// a shared screen. Administrators only; ending one's own signs the caller out too.
    public func endSessions(userID id: Int64, by actor: Actor) async throws {
        defer { tokenUsers?.forgetAll() }
        try requireAccountManager(actor)
        let now = clock.now()
        try await database.writeTransaction { db in
            guard try await User.find(id, on: db) != nil else { throw GuanxiError.notFound(entity: "user") }
            let sessions = try await WebSession.query(on: db).filter(\.$user.$id == id).count()
            let tokens = try await APIToken.query(on: db).filter(\.$user.$id == id).count()
            try await WebSession.query(on: db).filter(\.$user.$id == id).delete()
            try await APIToken.query(on: db).filter(\.$user.$id == id).delete()
            var changes = ChangeSet()
            changes.note("sessions", from: String(sessions), to: "0")
            changes.note("tokens", from: String(tokens), to: "0")
            try await AuditLog.record(.revoke, entity: "user", id: id, changes: changes, by: actor, at: now, on: db)
        }
    }

    public func deleteUser(id: Int64, by actor: Actor) async throws {
        defer { tokenUsers?.forgetAll() }
        try requireAccountManager(actor)
        if id == actor.userID { throw GuanxiError.conflict(reason: .cannotDeleteSelf) }
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let user = try await User.find(id, on: db) else { throw GuanxiError.notFound(entity: "user") }
            if user.role == .admin, user.active, try await activeAdminCount(on: db) <= 1 {
                throw GuanxiError.conflict(reason: .lastAdmin)
            }
            var changes = ChangeSet()
            changes.note("username", from: user.username, to: nil)
            try await user.delete(on: db)
            try await AuditLog.record(.delete, entity: "user", id: id, changes: changes, by: actor, at: now, on: db)
        }
    }

    /// A user changes their own password; the old one must be given.
    public func changeOwnPassword(userID: Int64, old: String, new: String, by actor: Actor) async throws {
        defer { tokenUsers?.forgetAll() }
        guard let user = try await User.find(userID, on: database) else { throw GuanxiError.notFound(entity: "user") }
        var problems = FieldProblems()
        if old.isEmpty { problems["old_password"] = .required }
        else if try !hasher.verify(old, against: user.passwordHash) { problems["old_password"] = .wrongPassword }
        problems["new_password"] = AccountRules.check(password: new)
        try problems.throwIfAny()
        let hash = try hasher.hash(new)
        let now = clock.now()
        try await database.writeTransaction { db in
            try await OptimisticLock.claim(User.schema, id: userID, expected: user.version, entity: "user", on: db)
            user.passwordHash = hash
            user.version += 1
            user.updatedAt = now
            try await user.update(on: db)
            // Other browsers and tokens of this user stop working; the caller re-issues its own session.
            try await WebSession.query(on: db).filter(\.$user.$id == userID).delete()
            try await APIToken.query(on: db).filter(\.$user.$id == userID).delete()
            var changes = ChangeSet()
            changes.noteSecret("password")
            try await AuditLog.record(.update, entity: "user", id: userID, changes: changes, by: actor, at: now, on: db)
        }
    }

    /// A user picks the interface language; allowed for everyone, on their own account only.
    public func setOwnLanguage(userID: Int64, _ language: Language, by actor: Actor) async throws {
        defer { tokenUsers?.forgetAll() }
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let user = try await User.find(userID, on: db) else { throw GuanxiError.notFound(entity: "user") }
            guard user.language != language else { return }
            var changes = ChangeSet()
            changes.note("language", from: user.language?.rawValue, to: language.rawValue)
            user.language = language
            user.version += 1
            user.updatedAt = now
            try await user.update(on: db)
            try await AuditLog.record(.update, entity: "user", id: userID, changes: changes, by: actor, at: now, on: db)
        }
    }

    public func users(after cursor: PageCursor?, limit: Int) async throws -> Page<User> {
        try await User.query(on: database).page(after: cursor, limit: limit)
    }

    public func user(id: Int64) async throws -> User {
        guard let user = try await User.find(id, on: database) else { throw GuanxiError.notFound(entity: "user") }
        return user
    }

    private func activeAdminCount(on db: any Database) async throws -> Int {
        try await User.query(on: db).filter(\.$role == .admin).filter(\.$active == true).count()
    }

    private func requireAccountManager(_ actor: Actor) throws {
        guard actor.role.managesAccounts else { throw GuanxiError.forbidden }
    }

    // MARK: Teams

    public func createTeam(name: String, description: String, by actor: Actor) async throws -> Team {
        try requireAccountManager(actor)
        let name = name.trimmingCharacters(in: .whitespaces)
        var problems = FieldProblems()
        problems["name"] = AccountRules.check(teamName: name)
        problems["description"] = AccountRules.check(teamDescription: description)
        try problems.throwIfAny()
        let now = clock.now()
        return try await database.writeTransaction { db in
            if try await Team.query(on: db).filter(\.$name == name).first() != nil {
                var problems = FieldProblems()
                problems["name"] = .alreadyTaken
                throw GuanxiError.invalid(problems)
            }
            let team = Team(name: name, description: description, now: now)
            try await team.create(on: db)
            var changes = ChangeSet()
            changes.note("name", from: nil, to: name)
            changes.note("description", from: nil, to: description)
            try await AuditLog.record(.create, entity: "team", id: team.requireID(), changes: changes, by: actor, at: now, on: db)
            return team
        }
    }

    public func updateTeam(id: Int64, version: Int, name: String?, description: String?, by actor: Actor) async throws -> Team {
        try requireAccountManager(actor)
        let name = name?.trimmingCharacters(in: .whitespaces)
        var problems = FieldProblems()
        if let name { problems["name"] = AccountRules.check(teamName: name) }
        if let description { problems["description"] = AccountRules.check(teamDescription: description) }
        try problems.throwIfAny()
        let now = clock.now()
        return try await database.writeTransaction { db in
            try await OptimisticLock.claim(Team.schema, id: id, expected: version, entity: "team", on: db)
            guard let team = try await Team.find(id, on: db) else { throw GuanxiError.notFound(entity: "team") }
            if let name, name != team.name, try await Team.query(on: db).filter(\.$name == name).first() != nil {
                var problems = FieldProblems()
                problems["name"] = .alreadyTaken
                throw GuanxiError.invalid(problems)
            }
            var changes = ChangeSet()
            if let name { changes.note("name", from: team.name, to: name); team.name = name }
            if let description { changes.note("description", from: team.description, to: description); team.description = description }
            team.version = version + 1
            team.updatedAt = now
            try await team.update(on: db)
            try await AuditLog.record(.update, entity: "team", id: id, changes: changes, by: actor, at: now, on: db)
            return team
        }
    }

    public func deleteTeam(id: Int64, by actor: Actor) async throws {
        defer { tokenUsers?.forgetAll() }
        try requireAccountManager(actor)
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let team = try await Team.find(id, on: db) else { throw GuanxiError.notFound(entity: "team") }
            var changes = ChangeSet()
            changes.note("name", from: team.name, to: nil)
            try await team.delete(on: db)
            try await AuditLog.record(.delete, entity: "team", id: id, changes: changes, by: actor, at: now, on: db)
        }
    }

    public func teams(after cursor: PageCursor?, limit: Int) async throws -> Page<Team> {
        try await Team.query(on: database).page(after: cursor, limit: limit)
    }

    public func team(id: Int64) async throws -> Team {
        guard let team = try await Team.find(id, on: database) else { throw GuanxiError.notFound(entity: "team") }
        return team
    }

    /// Every team, by name, for pickers on forms (teams are few).
    public func allTeams() async throws -> [Team] {
        try await Team.query(on: database).sort(\.$name).all()
    }
}
