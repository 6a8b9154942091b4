import GuanxiCore

/// Everything a new customer can be given.
public struct CustomerDraft: Sendable {
    public var kind: CustomerKind = .company
    public var name: String = ""
    public var industry: String = ""
    public var region: String = ""
    public var address: String = ""
    public var phone: String = ""
    public var email: String = ""
    public var website: String = ""
    public var source: String = ""
    /// nil: the creating user owns it.
    public var ownerID: Int64?
    public var stage: LifecycleStage = .lead
    public var tags: [String] = []
    public var customFields: [String: String] = [:]
    public var annualCategorySpend: Int64?
    public var marketingConsent: Bool = false

    public init() {}
}

/// A partial change of a customer; nil leaves a field as it is, `.some(nil)` clears an optional one.
public struct CustomerChanges: Sendable {
    public var kind: CustomerKind?
    public var name: String?
    public var industry: String?
    public var region: String?
    public var address: String?
    public var phone: String?
    public var email: String?
    public var website: String?
    public var source: String?
    public var ownerID: Int64??
    public var stage: LifecycleStage?
    public var tags: [String]?
    public var customFields: [String: String]?
    public var annualCategorySpend: Int64??
    public var marketingConsent: Bool?

    public init() {}

    /// Every field of a draft, as a full-form edit sends it.
    public init(all draft: CustomerDraft) {
        kind = draft.kind; name = draft.name; industry = draft.industry; region = draft.region; address = draft.address
        phone = draft.phone; email = draft.email; website = draft.website; source = draft.source
        ownerID = draft.ownerID.map { .some($0) } ?? nil
        stage = draft.stage; tags = draft.tags; customFields = draft.customFields
        annualCategorySpend = .some(draft.annualCategorySpend); marketingConsent = draft.marketingConsent
    }
}
