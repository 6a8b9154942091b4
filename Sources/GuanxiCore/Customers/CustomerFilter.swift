import Foundation

/// What a customer list shows: filters, search text and order. Segments store it as a query string.
public struct CustomerFilter: Sendable, Equatable {
    /// The orders a list can be walked in with keyset pagination.
    public enum Sort: String, CaseIterable, Sendable {
        case newest, oldest
        case nameAscending = "name"
        case nameDescending = "-name"
        /// By the name's pinyin reading (`PinyinSortKey`), Latin names among them.
        case pinyinAscending = "pinyin"
        case pinyinDescending = "-pinyin"

        /// What a sort orders by: the id (creation order), the name as written or its pinyin key; ties go by id.
        public enum Key: Sendable { case id, name, pinyin }

        public var key: Key {
            switch self {
            case .newest, .oldest: .id
            case .nameAscending, .nameDescending: .name
            case .pinyinAscending, .pinyinDescending: .pinyin
            }
        }

        public var ascending: Bool {
            switch self {
            case .oldest, .nameAscending, .pinyinAscending: true
            case .newest, .nameDescending, .pinyinDescending: false
            }
        }
    }

    public var ownerID: Int64?
    public var stage: LifecycleStage?
    public var industry: String?
    public var region: String?
    public var tag: String?
    public var source: String?
    public var kind: CustomerKind?
    /// Inclusive bounds on the creation time.
    public var createdFrom: Date?
    public var createdTo: Date?
    /// Inclusive bounds on the last interaction; `noInteractionSince` keeps customers not touched since then (or never).
    public var lastInteractionFrom: Date?
    public var lastInteractionTo: Date?
    /// Substring of name, phone, email or a contact's name.
    public var search: String?
    public var sort: Sort
    /// Soft-deleted customers instead of live ones.
    public var deleted: Bool

    public init(ownerID: Int64? = nil, stage: LifecycleStage? = nil, industry: String? = nil, region: String? = nil,
                tag: String? = nil, source: String? = nil, kind: CustomerKind? = nil, createdFrom: Date? = nil,
                createdTo: Date? = nil, lastInteractionFrom: Date? = nil, lastInteractionTo: Date? = nil,
                search: String? = nil, sort: Sort = .newest, deleted: Bool = false) {
        self.ownerID = ownerID
        self.stage = stage
        self.industry = industry
        self.region = region
        self.tag = tag
        self.source = source
        self.kind = kind
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.lastInteractionFrom = lastInteractionFrom
        self.lastInteractionTo = lastInteractionTo
        self.search = search
        self.sort = sort
        self.deleted = deleted
    }

    /// The query-string names, shared by the web list, the API and stored segments.
    public static let parameterNames = ["owner_id", "stage", "industry", "region", "tag", "source", "kind", "created_from",
                                        "created_to", "last_interaction_from", "last_interaction_to", "q", "sort", "deleted"]

    /// Reads a filter from query parameters; problems name the parameter. Dates are YYYY-MM-DD in `timeZone`
    /// (a "to" date includes that whole day) or full ISO 8601 times.
    public static func parse(_ parameters: [String: String], timeZone: TimeZone) -> (CustomerFilter, FieldProblems) {
        var filter = CustomerFilter()
        var problems = FieldProblems()
        // A filter value with a control character is refused, not stripped (a tag of "a\u{0}b" is no tag "ab").
        for (name, value) in parameters where CustomerRules.hasControlCharacter(value, allowingLineBreaks: false) {
            problems[name] = .controlCharacter
        }
        func text(_ name: String) -> String? {
            guard let value = parameters[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        if let value = text("owner_id") {
            if let id = Int64(value), id > 0 { filter.ownerID = id } else { problems["owner_id"] = .mustBeInteger }
        }
        if let value = text("stage") {
            if let stage = LifecycleStage(rawValue: value) { filter.stage = stage }
            else { problems["stage"] = .notOneOf(LifecycleStage.allCases.map(\.rawValue)) }
        }
        if let value = text("kind") {
            if let kind = CustomerKind(rawValue: value) { filter.kind = kind }
            else { problems["kind"] = .notOneOf(CustomerKind.allCases.map(\.rawValue)) }
        }
        filter.industry = text("industry")
        filter.region = text("region")
        filter.tag = text("tag").map(CustomerRules.normalizedTag)
        filter.source = text("source")
        filter.search = text("q")
        func date(_ name: String, endOfDay: Bool) -> Date? {
            guard let value = text(name) else { return nil }
            guard let parsed = CustomerFilter.parseBoundary(value, endOfDay: endOfDay, timeZone: timeZone) else {
                problems[name] = .invalidDate
                return nil
            }
            return parsed
        }
        filter.createdFrom = date("created_from", endOfDay: false)
        filter.createdTo = date("created_to", endOfDay: true)
        filter.lastInteractionFrom = date("last_interaction_from", endOfDay: false)
        filter.lastInteractionTo = date("last_interaction_to", endOfDay: true)
        if let value = text("sort") {
            if let sort = Sort(rawValue: value) { filter.sort = sort }
            else { problems["sort"] = .notOneOf(Sort.allCases.map(\.rawValue)) }
        }
        if let value = text("deleted") {
            if let deleted = QueryString.boolean(value) { filter.deleted = deleted } else { problems["deleted"] = .notBoolean }
        }
        return (filter, problems)
    }

    /// The filter as query parameters in a stable order (empty values left out), for links, exports and segments.
    public func parameters(timeZone: TimeZone) -> [(String, String)] {
        var out: [(String, String)] = []
        func add(_ name: String, _ value: String?) { if let value, !value.isEmpty { out.append((name, value)) } }
        add("owner_id", ownerID.map(String.init))
        add("stage", stage?.rawValue)
        add("industry", industry)
        add("region", region)
        add("tag", tag)
        add("source", source)
        add("kind", kind?.rawValue)
        add("created_from", createdFrom.map { Self.formatDay($0, timeZone) })
        add("created_to", createdTo.map { Self.formatDay($0, timeZone) })
        add("last_interaction_from", lastInteractionFrom.map { Self.formatDay($0, timeZone) })
        add("last_interaction_to", lastInteractionTo.map { Self.formatDay($0, timeZone) })
        add("q", search)
        if sort != .newest { add("sort", sort.rawValue) }
        if deleted { add("deleted", "true") }
        return out
    }

    /// The parameters percent-encoded as `a=b&c=d`.
    public func queryString(timeZone: TimeZone) -> String {
        parameters(timeZone: timeZone).map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    /// Parses `a=b&c=d` (as stored in a segment).
    public static func parse(queryString: String, timeZone: TimeZone) -> (CustomerFilter, FieldProblems) {
        let (parameters, unreadable) = QueryString.parameters(queryString)
        var (filter, problems) = parse(parameters, timeZone: timeZone)
        for (name, problem) in unreadable.problems { problems[name] = problem }
        // A stored filter is all there is of a segment: a parameter it would silently drop is refused instead.
        if let unknown = parameters.keys.sorted().first(where: { !Self.parameterNames.contains($0) }) {
            problems[unknown.isEmpty ? "=" : unknown] = .notOneOf(Self.parameterNames)
        }
        return (filter, problems)
    }

    public static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func parseBoundary(_ text: String, endOfDay: Bool, timeZone: TimeZone) -> Date? {
        if text.count == 10, let day = DayParser.parse(text) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return nil }
            return endOfDay ? start.addingTimeInterval(86_400 - 0.001) : start
        }
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)
    }

    public static func formatDay(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

/// Strict YYYY-MM-DD parsing of real calendar days.
public enum DayParser {
    public static func parse(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
