import Fluent
import Foundation
import GuanxiCore

/// The files kept with a bid: whoever sees the bid lists and downloads them, whoever may change it adds and removes them.
extension BidBook {
    /// The bid's files without their bytes, oldest first.
    public func attachments(of bidID: Int64, by actor: Actor) async throws -> [BidAttachment] {
        _ = try await bid(id: bidID, by: actor)
        return try await BidAttachment.query(on: database).filter(\.$bid.$id == bidID).sort(\.$id).all()
    }

    /// One file with its bytes; "not found" unless it belongs to this bid.
    public func attachmentFile(_ id: Int64, of bidID: Int64, by actor: Actor) async throws -> BidAttachmentFile {
        _ = try await bid(id: bidID, by: actor)
        guard let file = try await BidAttachmentFile.find(id, on: database), file.$bid.id == bidID else {
            throw GuanxiError.notFound(entity: "attachment")
        }
        return file
    }

    /// Keeps a file with the bid. The name is the file's own (no folders); a content type that is no media type,
    /// or a text type whose bytes are not text in it (see `mediaType(_:of:)`), is kept as `application/octet-stream`.
    public func attach(to bidID: Int64, filename: String, contentType: String?, data: Data, by actor: Actor) async throws -> BidAttachment {
        let now = clock.now()
        let name = filename.trimmingCharacters(in: .whitespaces)
        var problems = FieldProblems()
        problems["filename"] = Self.check(filename: name)
        if data.isEmpty { problems["file"] = .required }
        else if data.count > Self.maximumAttachmentBytes { problems["file"] = .tooLarge(maximum: "20 MB") }
        let type = Self.mediaType(contentType, of: data)
        let refused = problems
        return try await database.writeTransaction { db in
            let bid = try await Self.bid(id: bidID, by: actor, on: db)
            _ = try await SalesAccess.writable(bid.$customer.id, entity: "bid", by: actor, on: db)
            try refused.throwIfAny()
            let file = BidAttachmentFile()
            file.$bid.id = bidID
            file.filename = name
            file.contentType = type
            file.size = Int64(data.count)
            file.data = data
            file.$uploadedBy.id = actor.userID
            file.uploadedAt = now
            try await file.create(on: db)
            let id = try file.requireID()
            var changes = ChangeSet()
            changes.note("bid_id", from: nil, to: String(bidID))
            changes.note("filename", from: nil, to: name)
            changes.note("content_type", from: nil, to: type)
            changes.note("size", from: nil, to: String(data.count))
            try await AuditLog.record(.create, entity: "bid_attachment", id: id, changes: changes, by: actor, at: now, on: db)
            guard let stored = try await BidAttachment.find(id, on: db) else { throw GuanxiError.notFound(entity: "attachment") }
            return stored
        }
    }

    public func detach(_ id: Int64, of bidID: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let bid = try await Self.bid(id: bidID, by: actor, on: db)
            _ = try await SalesAccess.writable(bid.$customer.id, entity: "bid", by: actor, on: db)
            guard let attachment = try await BidAttachment.find(id, on: db), attachment.$bid.id == bidID else {
                throw GuanxiError.notFound(entity: "attachment")
            }
            try await attachment.delete(on: db)
            var changes = ChangeSet()
            changes.note("bid_id", from: String(bidID), to: nil)
            changes.note("filename", from: attachment.filename, to: nil)
            try await AuditLog.record(.delete, entity: "bid_attachment", id: id, changes: changes, by: actor, at: now, on: db)
        }
    }

    /// A file's name as it is kept and offered for download: required, at most 255 characters, no folder (`/`, `\`)
    /// and no control characters.
    public static func check(filename name: String) -> FieldProblem? {
        if name.isEmpty { return .required }
        if CustomerRules.hasControlCharacter(name, allowingLineBreaks: false) || name.unicodeScalars.contains(where: { $0.value == 0x09 }) {
            return .controlCharacter
        }
        if name.contains("/") || name.contains("\\") || name == "." || name == ".." { return .notAllowed }
        if name.count > maximumFilenameLength { return .tooLong(maximum: maximumFilenameLength) }
        return nil
    }

    /// `type/subtype` with optional parameters, in printable ASCII; anything else is `application/octet-stream`.
    /// A text type (text/*, JSON, XML, YAML) promises text: without a charset, or with UTF-8 or US-ASCII, the bytes
    /// must be valid in it, or the file is kept as `application/octet-stream` so that no client decodes bytes
    /// that are not text (a GBK file sent as bare `text/plain` still downloads byte for byte under its name).
    /// Other charsets (GBK, GB18030, Big5 …) are kept as sent.
    static func mediaType(_ text: String?, of data: Data) -> String {
        let fallback = "application/octet-stream"
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.count <= 200 else { return fallback }
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else { return fallback }
        let sections = text.split(separator: ";", omittingEmptySubsequences: false)
        let essence = sections[0].trimmingCharacters(in: .whitespaces)
        let parts = essence.split(separator: "/", omittingEmptySubsequences: false)
        let token = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(token.contains) }) else { return fallback }
        guard isText(essence.lowercased()) else { return text }
        var charset: String?
        for section in sections.dropFirst() {
            let pair = section.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            charset = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"")).lowercased()
            break
        }
        switch charset {
        case nil, "utf-8", "utf8": return String(data: data, encoding: .utf8) == nil ? fallback : text
        case "us-ascii", "ascii": return data.allSatisfy { $0 < 0x80 } ? text : fallback
        default: return text
        }
    }

    private static func isText(_ essence: String) -> Bool {
        let textual: Set<String> = ["application/json", "application/xml", "application/yaml", "application/x-yaml",
                                    "application/javascript", "application/x-www-form-urlencoded"]
        return essence.hasPrefix("text/") || textual.contains(essence) || essence.hasSuffix("+json") || essence.hasSuffix("+xml")
            || essence.hasSuffix("+yaml")
    }
}

/// How often we win, overall and against each competitor, over the bids the viewer may see.
public struct BidStatistics: Sendable, Equatable {
    public struct Rival: Sendable, Equatable {
        /// As the competitor was first written.
        public var name: String
        /// Bids naming them, whatever became of the bid.
        public var bids: Int
        public var won: Int
        public var lost: Int
        /// won / (won + lost) in hundredths of a percent; nil before any result.
        public var winRateBasis: Int64? { LinePricing.share(Int64(won), of: Int64(won + lost)) }
    }

    public var bids: Int
    public var won: Int
    public var lost: Int
    public var winRateBasis: Int64? { LinePricing.share(Int64(won), of: Int64(won + lost)) }
    /// Most bids first, then by name.
    public var competitors: [Rival]
}

extension BidBook {
    public func statistics(by actor: Actor) async throws -> BidStatistics {
        let bids = try await SalesAccess.scoped(Bid.query(on: database), customer: \.$customer, by: actor, on: database).all()
        let statuses = Dictionary(bids.compactMap { bid in bid.id.map { ($0, bid.status) } }, uniquingKeysWith: { first, _ in first })
        let competitors = try await Self.competitors(of: Array(statuses.keys), on: database)
        var rivals: [String: BidStatistics.Rival] = [:]
        for (bidID, rows) in competitors {
            let status = statuses[bidID]
            for row in rows {
                let key = Self.competitorKey(row.name)
                var rival = rivals[key] ?? .init(name: row.name, bids: 0, won: 0, lost: 0)
                rival.bids += 1
                if status == .won { rival.won += 1 }
                if status == .lost { rival.lost += 1 }
                rivals[key] = rival
            }
        }
        // The spelling that names a competitor is the first written (lowest bid id), whatever order the rows came in.
        for bidID in competitors.keys.sorted().reversed() {
            for row in competitors[bidID] ?? [] { rivals[Self.competitorKey(row.name)]?.name = row.name }
        }
        return BidStatistics(
            bids: bids.count, won: bids.filter { $0.status == .won }.count, lost: bids.filter { $0.status == .lost }.count,
            competitors: rivals.values.sorted { $0.bids != $1.bids ? $0.bids > $1.bids : $0.name < $1.name })
    }
}
