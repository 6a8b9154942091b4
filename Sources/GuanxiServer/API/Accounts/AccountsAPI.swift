import GuanxiCore
import GuanxiStore
import Vapor

/// `/api/v1/auth`, `/users`, `/teams` and `/audit`.
enum AccountsAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.POST, "/auth/token", operationID: "createToken", summary: "Exchange a username and password for a bearer token",
                     tag: "auth", access: .anyone, request: TokenRequestBody.schemaName,
                     responses: [.init(.created, "The token; its secret is shown only here", schemaName: IssuedTokenBody.schemaName),
                                 .init(.unauthorized, "Wrong username or password", schemaName: ErrorBody.schemaName)])) { request in
            let body = try request.decodeJSON(TokenRequestBody.self)
            let user = try await request.credentials.authenticate(
                username: body.username, password: body.password, remoteAddress: request.remoteAddress?.ipAddress ?? "unknown")
            let (token, secret) = try await request.credentials.issueToken(for: user, name: body.name ?? "")
            return try .json(IssuedTokenBody(id: try token.requireID(), token: secret, name: token.name, expires_at: token.expiresAt), status: .created)
        }
        api.on(.init(.GET, "/auth/tokens", operationID: "listTokens", summary: "The caller's own tokens", tag: "auth",
                     access: .signedIn, reach: .everyone, query: APIRoute.pageParameters, responses: [.init(.ok, "A page of tokens", schemaName: "TokenList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            let page = try await request.credentials.tokens(of: try request.requireUser().requireID(), after: cursor, limit: limit)
            return try .json(ListBody(page, TokenBody.init))
        }
        api.on(.init(.DELETE, "/auth/tokens/{id}", operationID: "revokeToken", summary: "Revoke one of the caller's tokens", tag: "auth",
                     access: .signedIn, reach: .personal, responses: [.init(.noContent, "Revoked", schemaName: nil)])) { request in
            try await request.credentials.revokeToken(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }

        api.on(.init(.POST, "/auth/password", operationID: "changeOwnPassword",
                     summary: "Change the caller's own password; every session and token of the caller ends", tag: "auth",
                     access: .signedIn, reach: .everyone, request: PasswordChangeBody.schemaName,
                     responses: [.init(.noContent, "Changed; sign in again for a new token", schemaName: nil)],
                     rules: [.init(["old_password"], "the caller's current password"), .init(["new_password"], passwordBytes.text)])) { request in
            let body = try request.decodeJSON(PasswordChangeBody.self)
            let user = try request.requireUser()
            try await request.directory.changeOwnPassword(userID: try user.requireID(), old: body.old_password, new: body.new_password, by: request.actor())
            return Response(status: .noContent)
        }

        // Users
        api.on(.init(.GET, "/users", operationID: "listUsers", summary: "List users; colleagues' e-mail addresses only for administrators and managers", tag: "users", access: .signedIn, reach: .everyone,
                     query: APIRoute.pageParameters, responses: [.init(.ok, "A page of users", schemaName: "UserList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            let viewer = try request.requireUser()
            return try .json(ListBody(try await request.directory.users(after: cursor, limit: limit)) { try UserBody($0, seenBy: viewer) })
        }
        api.on(.init(.POST, "/users", operationID: "createUser", summary: "Create a user", tag: "users", access: .admin,
                     request: NewUserBody.schemaName, responses: [.init(.created, "The new user", schemaName: UserBody.schemaName)],
                     rules: [usernameFree, teamExists, passwordBytes])) { request in
            let body = try request.decodeJSON(NewUserBody.self)
            var problems = FieldProblems()
            let role = parse(Role.self, body.role, field: "role", &problems)
            let language = body.language.flatMap { parse(Language.self, $0, field: "language", &problems) }
            try problems.throwIfAny()
            let user = try await request.directory.createUser(.init(
                username: body.username, displayName: body.display_name, email: body.email ?? "", role: role ?? .sales,
                teamID: body.team_id, language: language, active: body.active ?? true, password: body.password),
                by: request.actor())
            return try .json(UserBody(user, seenBy: try request.requireUser()), status: .created)
        }
        api.on(.init(.GET, "/users/{id}", operationID: "getUser", summary: "One user", tag: "users", access: .signedIn, reach: .everyone,
                     responses: [.init(.ok, "The user", schemaName: UserBody.schemaName)])) { request in
            try .json(UserBody(try await request.directory.user(id: try request.idParameter()), seenBy: try request.requireUser()))
        }
        api.on(.init(.PATCH, "/users/{id}", operationID: "updateUser", summary: "Change a user; send the version you read",
                     tag: "users", access: .admin, request: UserPatchBody.schemaName,
                     responses: [.init(.ok, "The changed user", schemaName: UserBody.schemaName),
                                 .init(.conflict, "The version is stale, or the change would remove the last administrator", schemaName: ErrorBody.schemaName)],
                     rules: [teamExists, passwordBytes])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(UserPatchBody.self)
            var problems = FieldProblems()
            let role = body.role.flatMap { parse(Role.self, $0, field: "role", &problems) }
            let language: Language?? = body.language.map { text in text.flatMap { parse(Language.self, $0, field: "language", &problems) } }
            try problems.throwIfAny()
            let user = try await request.directory.updateUser(id: id, version: body.version, .init(
                displayName: body.display_name, email: body.email, role: role, teamID: body.team_id, language: language,
                active: body.active, password: body.password), by: request.actor())
            return try .json(UserBody(user, seenBy: try request.requireUser()))
        }
        api.on(.init(.POST, "/users/{id}/sign-out", operationID: "signOutUser",
                     summary: "End every browser session and API token of a user, leaving the password as it is", tag: "users",
                     access: .admin, responses: [.init(.noContent, "Signed out everywhere", schemaName: nil)])) { request in
            try await request.directory.endSessions(userID: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
        api.on(.init(.DELETE, "/users/{id}", operationID: "deleteUser", summary: "Delete a user", tag: "users", access: .admin,
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.conflict, "You cannot delete yourself or the last administrator", schemaName: ErrorBody.schemaName)])) { request in
            try await request.directory.deleteUser(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }

        // Teams
        api.on(.init(.GET, "/teams", operationID: "listTeams", summary: "List teams", tag: "teams", access: .signedIn, reach: .everyone,
                     query: APIRoute.pageParameters, responses: [.init(.ok, "A page of teams", schemaName: "TeamList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            return try .json(ListBody(try await request.directory.teams(after: cursor, limit: limit), TeamBody.init))
        }
        api.on(.init(.POST, "/teams", operationID: "createTeam", summary: "Create a team", tag: "teams", access: .admin,
                     request: NewTeamBody.schemaName, responses: [.init(.created, "The new team", schemaName: TeamBody.schemaName)],
                     rules: [teamNameFree])) { request in
            let body = try request.decodeJSON(NewTeamBody.self)
            return try .json(TeamBody(try await request.directory.createTeam(name: body.name, description: body.description ?? "", by: request.actor())), status: .created)
        }
        api.on(.init(.GET, "/teams/{id}", operationID: "getTeam", summary: "One team", tag: "teams", access: .signedIn, reach: .everyone,
                     responses: [.init(.ok, "The team", schemaName: TeamBody.schemaName)])) { request in
            try .json(TeamBody(try await request.directory.team(id: try request.idParameter())))
        }
        api.on(.init(.PATCH, "/teams/{id}", operationID: "updateTeam", summary: "Change a team; send the version you read",
                     tag: "teams", access: .admin, request: TeamPatchBody.schemaName,
                     responses: [.init(.ok, "The changed team", schemaName: TeamBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [teamNameFree])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(TeamPatchBody.self)
            return try .json(TeamBody(try await request.directory.updateTeam(id: id, version: body.version, name: body.name, description: body.description, by: request.actor())))
        }
        api.on(.init(.DELETE, "/teams/{id}", operationID: "deleteTeam", summary: "Delete a team; its members stay, without a team",
                     tag: "teams", access: .admin, responses: [.init(.noContent, "Deleted", schemaName: nil)])) { request in
            try await request.directory.deleteTeam(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }

        // Audit
        api.on(.init(.GET, "/audit", operationID: "listAudit", summary: "The audit log, newest first", tag: "audit", access: .admin,
                     query: APIRoute.pageParameters + [
                        .init(name: "entity", description: "Record type, e.g. user or team", schema: .string()),
                        .init(name: "entity_id", description: "Record id", schema: .integer()),
                        .init(name: "actor_id", description: "The user who made the change", schema: .integer()),
                        .init(name: "action", description: "Kind of change", schema: .enumeration(AuditAction.allCases.map(\.rawValue))),
                     ], responses: [.init(.ok, "A page of audit entries", schemaName: "AuditEntryList")])) { request in
            let filter = try AuditFilterQuery.parse(request)
            let (cursor, limit) = try request.pageRequest()
            return try .json(ListBody(try await AuditLog.page(filter, after: cursor, limit: limit, on: request.db), AuditEntryBody.init))
        }
    }

    static let usernameFree = APIRoute.Rule(["username"], "not the username of another user")
    static let teamExists = APIRoute.Rule(["team_id"], "an existing team")
    static let passwordBytes = APIRoute.Rule(["password"], "at least 10 characters as people count them and at most 72 bytes in UTF-8")
    static let teamNameFree = APIRoute.Rule(["name"], "not the name of another team")

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (UserBody.schemaName, UserBody.schema), (NewUserBody.schemaName, NewUserBody.schema), (UserPatchBody.schemaName, UserPatchBody.schema),
        ("UserList", ListBody<UserBody>.schema(of: UserBody.schemaName)),
        (TeamBody.schemaName, TeamBody.schema), (NewTeamBody.schemaName, NewTeamBody.schema), (TeamPatchBody.schemaName, TeamPatchBody.schema),
        ("TeamList", ListBody<TeamBody>.schema(of: TeamBody.schemaName)),
        (TokenRequestBody.schemaName, TokenRequestBody.schema), (PasswordChangeBody.schemaName, PasswordChangeBody.schema),
        (IssuedTokenBody.schemaName, IssuedTokenBody.schema),
        (TokenBody.schemaName, TokenBody.schema), ("TokenList", ListBody<TokenBody>.schema(of: TokenBody.schemaName)),
        (AuditEntryBody.schemaName, AuditEntryBody.schema), ("AuditEntryList", ListBody<AuditEntryBody>.schema(of: AuditEntryBody.schemaName)),
    ]

    private static func parse<Value: RawRepresentable & CaseIterable>(_ type: Value.Type, _ text: String, field: String,
                                                                   _ problems: inout FieldProblems) -> Value? where Value.RawValue == String {
        if let value = Value(rawValue: text) { return value }
        problems[field] = .notOneOf(Value.allCases.map(\.rawValue))
        return nil
    }
}
