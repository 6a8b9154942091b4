import GuanxiCore

/// Who gets what from an API operation: for each role, and for operations on a record for each of whose record it is,
/// whether the call goes through, is forbidden (403) or finds nothing (404, as a record the caller may not see).
///
/// Declared beside each route; the access-matrix test walks every route × role × ownership against it, so a route's
/// documented reach and what the server does cannot drift apart. The tables are written out rather than derived from
/// `AccessPolicy`, so a mistake in the policy shows up as a difference instead of being repeated.
public struct Reach: Sendable {
    /// Whose record an operation touches, seen from the caller.
    public enum Ownership: String, Sendable, CaseIterable {
        /// The caller's own: of a customer they own, or made by or for them.
        case own
        /// A colleague's in the caller's team.
        case team
        /// Someone's in another team.
        case other
    }

    public enum Outcome: Sendable, Equatable {
        /// The call goes through (2xx).
        case allowed
        /// 403: the caller may see but not do this.
        case forbidden
        /// 404: the caller may not know the record exists; for a record named in the body, 422 naming that field with
        /// "no such record", as if it did not exist.
        case hidden

        var name: String {
            switch self {
            case .allowed: "allowed"
            case .forbidden: "forbidden (403)"
            case .hidden: "not found (404)"
            }
        }
    }

    /// Whether the outcome depends on whose record it is; if not, only `own` is meaningful.
    public let byOwnership: Bool
    private let table: @Sendable (Role, Ownership) -> Outcome

    public init(byOwnership: Bool, _ table: @escaping @Sendable (Role, Ownership) -> Outcome) {
        self.byOwnership = byOwnership
        self.table = table
    }

    public func outcome(for role: Role, on ownership: Ownership) -> Outcome {
        table(role, byOwnership ? ownership : .own)
    }

    /// The outcomes as published in the OpenAPI document: role → outcome, or role → {own, team, other} → outcome.
    var published: [String: any Sendable] {
        var published: [String: any Sendable] = [:]
        for role in Role.allCases {
            if byOwnership {
                published[role.rawValue] = Dictionary(uniqueKeysWithValues: Ownership.allCases.map { ($0.rawValue, outcome(for: role, on: $0).name) })
            } else {
                published[role.rawValue] = outcome(for: role, on: .own).name
            }
        }
        return published
    }

    /// Every signed-in user (or anyone, for an open route); lists and reports then hold what the caller may see.
    public static let everyone = Reach(byOwnership: false) { _, _ in .allowed }

    public static let administrators = Reach(byOwnership: false) { role, _ in role == .admin ? .allowed : .forbidden }

    /// Only these roles; the others get 403.
    public static func roles(_ allowed: Set<Role>) -> Reach {
        Reach(byOwnership: false) { role, _ in allowed.contains(role) ? .allowed : .forbidden }
    }

    /// Reading a customer or a record of one: reps their own customers', managers their team's, everyone else all.
    public static let readsCustomer = Reach(byOwnership: true) { role, ownership in
        switch (role, ownership) {
        case (.admin, _), (.analyst, _), (.service, _), (.marketing, _): .allowed
        case (.manager, .own), (.manager, .team): .allowed
        case (.manager, .other): .hidden
        case (.sales, .own): .allowed
        case (.sales, _): .hidden
        }
    }

    /// Changing a customer or a record of one: as reading, except that analysts, service and marketing change only
    /// what is theirs and get 403 for what they can only read.
    public static let changesCustomer = Reach(byOwnership: true) { role, ownership in
        switch (role, ownership) {
        case (.admin, _): .allowed
        case (.manager, .own), (.manager, .team): .allowed
        case (.manager, .other): .hidden
        case (.sales, .own): .allowed
        case (.sales, _): .hidden
        case (.analyst, .own), (.service, .own), (.marketing, .own): .allowed
        case (.analyst, _), (.service, _), (.marketing, _): .forbidden
        }
    }

    /// Adding a note to a customer's history (an interaction, a task): whoever may see the customer, so that service
    /// logs a call on any customer and analysts note what they found.
    public static let addsToCustomer = readsCustomer

    /// A record everyone reads but only its author (or an administrator) changes, such as a saved segment.
    public static let changesOwnWork = Reach(byOwnership: true) { role, ownership in
        role == .admin || ownership == .own ? .allowed : .forbidden
    }

    /// A record only its owner knows of, such as an API token: everyone else's is missing, also for administrators.
    public static let personal = Reach(byOwnership: true) { _, ownership in ownership == .own ? .allowed : .hidden }
}
