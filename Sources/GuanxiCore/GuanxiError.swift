/// The domain's failures; each maps to one HTTP status and one user-readable message.
public enum GuanxiError: Error, Equatable, Sendable {
    /// One or more fields are refused (422).
    case invalid(FieldProblems)
    /// The record does not exist or the caller may not see it (404).
    case notFound(entity: String)
    /// The record changed since the caller read it (409).
    case staleVersion(entity: String, current: Int)
    /// The change conflicts with the state of other records (409), e.g. deleting oneself.
    case conflict(reason: ConflictReason)
    /// A record with the same phone, e-mail or name exists (409); the caller may open, merge or confirm.
    case duplicate(candidates: [Int64])
    /// The caller is signed in but may not do this (403).
    case forbidden
    /// Wrong or missing credentials (401).
    case unauthenticated
    /// Too many failed logins; try again after the given number of seconds (429).
    case loginLocked(retryAfterSeconds: Int)
}

/// Why a change conflicts with the state of the data.
public enum ConflictReason: String, Sendable {
    case cannotDeleteSelf
    case cannotDeactivateSelf
    case lastAdmin
    case mergeIntoSelf
    case customerDeleted
    /// A quote that was sent is changed by a revision, never edited.
    case quoteNotEditable
    /// The quote is not in a state that allows this step (accepting a draft, sending an accepted one).
    case quoteStatus
    /// An order's lines change only while it is a draft.
    case orderNotEditable
    /// An order cannot move from its status to the one asked for.
    case orderStatus
    /// Payments and returns need a confirmed order; returns need delivered goods.
    case orderNotPayable
    case orderNotDelivered
    /// A pipeline stage some opportunity is or was in: retire it instead of deleting it.
    case stageInUse
    /// A sales channel some order names: retire it instead of deleting it.
    case channelInUse
}
