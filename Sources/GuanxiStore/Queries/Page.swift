import Fluent
import GuanxiCore

/// One page of a keyset-paginated list and the cursor of the next, nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: PageCursor?

    public init(items: [Item], next: PageCursor?) {
        self.items = items
        self.next = next
    }

    public func map<Other>(_ transform: (Item) throws -> Other) rethrows -> Page<Other> {
        Page<Other>(items: try items.map(transform), next: next)
    }
}

/// Direction of a keyset walk over ids.
public enum KeysetOrder: Sendable {
    case oldestFirst, newestFirst
}

extension QueryBuilder where Model.IDValue == Int64 {
    /// Fetches one page ordered by id; asks for one extra row to know whether another page follows.
    public func page(after cursor: PageCursor?, limit: Int, order: KeysetOrder = .oldestFirst) async throws -> Page<Model> {
        let limit = Swift.min(Swift.max(limit, 1), PageCursor.maximumLimit)
        var query = self.copy()
        switch order {
        case .oldestFirst:
            if let cursor { query = query.filter(\._$id > cursor.lastID) }
            query = query.sort(\._$id, .ascending)
        case .newestFirst:
            if let cursor { query = query.filter(\._$id < cursor.lastID) }
            query = query.sort(\._$id, .descending)
        }
        let rows = try await query.limit(limit + 1).all()
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last?.id.map { PageCursor(lastID: $0) } : nil
        return Page(items: items, next: next)
    }
}
