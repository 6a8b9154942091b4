import GuanxiCore

/// Who performs a write: a signed-in user, or the system itself (first start, command line).
public struct Actor: Sendable, Equatable {
    public let userID: Int64?
    public let name: String
    public let role: Role
    public let teamID: Int64?

    public init(userID: Int64?, name: String, role: Role, teamID: Int64? = nil) {
        self.userID = userID
        self.name = name
        self.role = role
        self.teamID = teamID
    }

    /// What this actor may see and change among customers and their records.
    public var access: AccessPolicy {
        AccessPolicy(userID: userID ?? 0, role: role, teamID: teamID)
    }

    /// Writes made by the server itself, e.g. creating the first admin.
    public static let system = Actor(userID: nil, name: "system", role: .admin)

    /// The command line runs with administrator rights on the machine that holds the database.
    public static let commandLine = Actor(userID: nil, name: "command line", role: .admin)

    public init(_ user: User) throws {
        self.init(userID: try user.requireID(), name: user.username, role: user.role, teamID: user.$team.id)
    }
}
