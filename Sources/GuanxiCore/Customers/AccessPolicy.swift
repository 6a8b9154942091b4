/// Which customers a user may see or change, derived from role, id and team.
///
/// Sales reps work on the customers they own; managers on their team's; administrators on all.
/// Analysts, service agents and marketing read every customer but change only what they own.
public struct AccessPolicy: Sendable, Equatable {
    /// A set of customers expressed by their owner.
    public enum Scope: Sendable, Equatable {
        case all
        /// Customers owned by a member of this team (or by the user themself).
        case team(Int64, orOwner: Int64)
        case owner(Int64)
    }

    public let userID: Int64
    public let role: Role
    public let teamID: Int64?

    public init(userID: Int64, role: Role, teamID: Int64?) {
        self.userID = userID
        self.role = role
        self.teamID = teamID
    }

    /// The customers this user may see (and therefore search, count and export).
    public var readScope: Scope {
        switch role {
        case .admin, .analyst, .service, .marketing: .all
        case .manager: teamScope
        case .sales: .owner(userID)
        }
    }

    /// The customers this user may change.
    public var writeScope: Scope {
        switch role {
        case .admin: .all
        case .manager: teamScope
        case .sales, .analyst, .service, .marketing: .owner(userID)
        }
    }

    private var teamScope: Scope {
        if let teamID { .team(teamID, orOwner: userID) } else { .owner(userID) }
    }

    /// Whether a customer owned by `ownerID` (in team `ownerTeamID`) falls in `scope`.
    public static func contains(_ scope: Scope, ownerID: Int64?, ownerTeamID: Int64?) -> Bool {
        switch scope {
        case .all: true
        case .owner(let id): ownerID == id
        case .team(let team, let me): ownerID == me || (ownerTeamID != nil && ownerTeamID == team)
        }
    }

    /// Whether this user may assign customers to other owners (sales reps keep what they create).
    public var assignsOwners: Bool {
        role == .admin || role == .manager
    }
}
