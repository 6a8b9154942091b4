import Fluent
import Foundation
import GuanxiCore

/// Saved customer filters. Everyone may use every segment (and sees only the customers they may see);
/// the creator and administrators may change or delete it.
public struct SegmentLibrary: Sendable {
    public let database: any Database
    public let clock: any TimeSource
    public let timeZone: TimeZone

    public init(database: any Database, clock: any TimeSource, timeZone: TimeZone) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
    }

    public func segments() async throws -> [Segment] {
        try await Segment.query(on: database).sort(\.$name).limit(1000).all()
    }

    public func segment(id: Int64) async throws -> Segment {
        guard let segment = try await Segment.find(id, on: database) else { throw GuanxiError.notFound(entity: "segment") }
        return segment
    }

    /// The segment's filter, ready for `CustomerBook.list`.
    public func filter(of segment: Segment) -> CustomerFilter {
        CustomerFilter.parse(queryString: segment.filter, timeZone: timeZone).0
    }

    public func create(name: String, description: String, filter: CustomerFilter, by actor: Actor) async throws -> Segment {
        let name = try Self.validated(name: name)
        let now = clock.now()
        return try await database.writeTransaction { db in
            try await Self.requireUniqueName(name, except: nil, on: db)
            let segment = Segment()
            segment.name = name
            segment.description = description
            segment.filter = Self.stored(filter, timeZone: timeZone)
            segment.$createdBy.id = actor.userID
            try await segment.createAudited(by: actor, at: now, on: db)
            return segment
        }
    }

    public func update(id: Int64, version: Int, name: String?, description: String?, filter: CustomerFilter?, by actor: Actor) async throws -> Segment {
        let name = try name.map(Self.validated(name:))
        let now = clock.now()
        return try await database.writeTransaction { db in
            guard let segment = try await Segment.find(id, on: db) else { throw GuanxiError.notFound(entity: "segment") }
            guard Self.canEdit(segment, by: actor) else { throw GuanxiError.forbidden }
            if let name { try await Self.requireUniqueName(name, except: id, on: db) }
            try await segment.updateAudited(version: version, by: actor, at: now, on: db) {
                if let name { segment.name = name }
                if let description { segment.description = description }
                if let filter { segment.filter = Self.stored(filter, timeZone: timeZone) }
            }
            return segment
        }
    }

    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let segment = try await Segment.find(id, on: db) else { throw GuanxiError.notFound(entity: "segment") }
            guard Self.canEdit(segment, by: actor) else { throw GuanxiError.forbidden }
            try await segment.deleteAudited(naming: "name", segment.name, by: actor, at: now, on: db)
        }
    }

    public static func canEdit(_ segment: Segment, by actor: Actor) -> Bool {
        actor.role == .admin || (actor.userID != nil && segment.$createdBy.id == actor.userID)
    }

    /// A segment keeps what is selected, not the order or the trash view.
    static func stored(_ filter: CustomerFilter, timeZone: TimeZone) -> String {
        var filter = filter
        filter.sort = .newest
        filter.deleted = false
        return filter.queryString(timeZone: timeZone)
    }

    static func validated(name: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems = FieldProblems()
        problems["name"] = CustomerRules.check(name: name)
        try problems.throwIfAny()
        return name
    }

    static func requireUniqueName(_ name: String, except id: Int64?, on db: any Database) async throws {
        var query = Segment.query(on: db).filter(\.$name == name)
        if let id { query = query.filter(\.$id != id) }
        if try await query.first() != nil {
            var problems = FieldProblems()
            problems["name"] = .alreadyTaken
            throw GuanxiError.invalid(problems)
        }
    }
}

extension Segment: AuditedRecord {
    static var auditEntity: String { "segment" }

    var auditSnapshot: [String: String?] { ["name": name, "description": description, "filter": filter] }
}
