/// A user's role; it decides what the user may see and change.
public enum Role: String, CaseIterable, Codable, Sendable {
    case admin
    case manager
    case sales
    case service
    case marketing
    case analyst

    /// Only administrators manage users, teams and the audit log.
    public var managesAccounts: Bool { self == .admin }
}
