import Foundation

/// The fields a write changed, from what to what; stored as JSON in the audit log.
public struct ChangeSet: Sendable {
    public struct Change: Codable, Equatable, Sendable {
        public let from: String?
        public let to: String?
    }

    public private(set) var changes: [String: Change] = [:]

    public init() {}

    public var isEmpty: Bool { changes.isEmpty }

    /// Records a field when its value differs.
    public mutating func note(_ field: String, from old: String?, to new: String?) {
        if old != new { changes[field] = Change(from: old, to: new) }
    }

    /// Records that a secret changed without writing either value.
    public mutating func noteSecret(_ field: String) {
        changes[field] = Change(from: "***", to: "***")
    }

    /// A stored change set with every value replaced by "***": which fields changed stays, what they held goes
    /// (used when a customer's personal data is erased).
    public static func redacted(_ json: String) -> String {
        var redacted = ChangeSet()
        for (field, change) in decode(json) {
            redacted.changes[field] = Change(from: change.from.map { _ in "***" }, to: change.to.map { _ in "***" })
        }
        return redacted.json
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(changes)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(_ json: String) -> [String: Change] {
        (try? JSONDecoder().decode([String: Change].self, from: Data(json.utf8))) ?? [:]
    }
}
