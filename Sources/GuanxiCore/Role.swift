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
    /// Who sees colleagues' e-mail addresses in the staff directory: administrators and managers, who look after
    /// people. Everyone else sees names, roles and teams (enough to assign a task) and only their own address.
    public var seesStaffEmail: Bool { self == .admin || self == .manager }
}
