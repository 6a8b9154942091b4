/// Whether a customer is an organisation or a private person.
public enum CustomerKind: String, Codable, CaseIterable, Sendable {
    case company, person
}

/// Where a customer stands in its relationship with us: lead → prospect → customer → inactive or lost.
public enum LifecycleStage: String, Codable, CaseIterable, Sendable {
    case lead, prospect, customer, inactive, lost
}

/// Every channel a touch with a customer can happen on.
public enum InteractionChannel: String, Codable, CaseIterable, Sendable {
    case phone, email, fax, letter, visit, meeting, sms, wechat, website
    case callCenter = "call_center"
    case serviceCenter = "service_center"
    case onlineCommunity = "online_community"
}

/// Who started an interaction.
public enum InteractionDirection: String, Codable, CaseIterable, Sendable {
    case inbound, outbound
}

/// How urgent a follow-up task is.
public enum TaskPriority: String, Codable, CaseIterable, Sendable {
    case low, normal, high, urgent
}

/// Where a follow-up task stands.
public enum TaskStatus: String, Codable, CaseIterable, Sendable {
    case open, done, cancelled
}

/// What makes a follow-up rule create a task.
public enum FollowUpTrigger: String, Codable, CaseIterable, Sendable {
    /// Customers matching the rule's tag/stage with no interaction for `days` days.
    case noInteraction = "no_interaction"
    /// `days` days after an interaction on the rule's channel.
    case afterInteraction = "after_interaction"
}
