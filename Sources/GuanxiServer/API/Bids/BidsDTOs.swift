import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// A bid as the API shows it, with its competitors.
struct BidBody: Encodable, SchemaDescribed {
    let bid: Bid
    let competitors: [BidCompetitor]

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, tender_number, customer_id, opportunity_id, title, submission_deadline
        case opening_date, bid_amount, bond_amount, bond_paid, bond_paid_on, bond_returned, bond_returned_on, status
        case winning_bidder, winning_amount, result_reason, notes, owner_id, reminder_task_id, submitted_at, decided_at
        case competitors
    }

    func encode(to encoder: any Encoder) throws {
        let b = bid
        try NullEncoding.encode([
            (CodingKeys.id, try b.requireID()), (.version, b.version), (.created_at, b.createdAt), (.updated_at, b.updatedAt),
            (.tender_number, b.tenderNumber), (.customer_id, b.$customer.id), (.title, b.title),
            (.submission_deadline, b.submissionDeadline), (.bond_amount, MoneyValue(minorUnits: b.bondAmount)),
            (.bond_paid, b.bondPaidOn != nil), (.bond_returned, b.bondReturnedOn != nil), (.status, b.status.rawValue),
            (.winning_bidder, b.winningBidder), (.result_reason, b.resultReason), (.notes, b.notes),
            (.competitors, competitors.map(CompetitorBody.init)),
        ], nullable: [
            (.opportunity_id, b.$opportunity.id), (.opening_date, b.openingDate), (.bid_amount, b.bidAmount.map { MoneyValue(minorUnits: $0) }),
            (.bond_paid_on, b.bondPaidOn), (.bond_returned_on, b.bondReturnedOn), (.winning_amount, b.winningAmount.map { MoneyValue(minorUnits: $0) }),
            (.owner_id, b.$owner.id), (.reminder_task_id, b.$reminderTask.id), (.submitted_at, b.submittedAt), (.decided_at, b.decidedAt),
        ], to: encoder)
    }

    static let schemaName = "Bid"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = recordSchemaFields + [
            ("tender_number", .string()), ("customer_id", .integer(minimum: 1)), ("opportunity_id", .nullable(.integer(minimum: 1))),
            ("title", .string()), ("submission_deadline", .string(format: "date-time")), ("opening_date", .nullable(.string(format: "date"))),
            ("bid_amount", .nullable(.number)), ("bond_amount", .number), ("bond_paid", .boolean),
            ("bond_paid_on", .nullable(.string(format: "date"))), ("bond_returned", .boolean),
            ("bond_returned_on", .nullable(.string(format: "date"))), ("status", .enumeration(BidStatus.allCases.map(\.rawValue))),
            ("winning_bidder", .string()), ("winning_amount", .nullable(.number)), ("result_reason", .string()), ("notes", .string()),
            ("owner_id", .nullable(.integer(minimum: 1))), ("reminder_task_id", .nullable(.integer(minimum: 1))),
            ("submitted_at", .nullable(.string(format: "date-time"))), ("decided_at", .nullable(.string(format: "date-time"))),
            ("competitors", .array(.ref(CompetitorBody.schemaName))),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

/// A competitor on a bid: `{"name", "amount"}`, the amount null when unknown.
struct CompetitorBody: Encodable, SchemaDescribed {
    let name: String
    let amount: Int64?

    init(_ row: BidCompetitor) {
        name = row.name
        amount = row.amount
    }

    enum CodingKeys: String, CodingKey { case name, amount }

    func encode(to encoder: any Encoder) throws {
        try NullEncoding.encode([(CodingKeys.name, name)], nullable: [(.amount, amount.map { MoneyValue(minorUnits: $0) })], to: encoder)
    }

    static let schemaName = "BidCompetitor"
    static var schema: JSONSchema {
        .object([("name", .string()), ("amount", .nullable(.number))], required: ["name", "amount"])
    }
}

/// One competitor as a client sends it; a key it does not take is refused like a body's.
struct CompetitorInputBody: Decodable, Sendable {
    let competitor: BidBook.Competitor

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        if let unknown = c.allKeys.first(where: { !["name", "amount"].contains($0.stringValue) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [unknown], debugDescription: LineInputBody.unknownField))
        }
        // A missing name is refused by the bid's rules, with every other refused field.
        competitor = BidBook.Competitor(name: try c.decodeIfPresent(String.self, forKey: JSONKey("name")) ?? "",
                                        amount: try c.decodeIfPresent(MoneyValue.self, forKey: JSONKey("amount"))?.minorUnits)
    }

    static let schemaName = "BidCompetitorInput"
    static var schema: JSONSchema { .object([("name", .name()), ("amount", .nullable(.money))], required: ["name"]) }
}

struct BidInputBody: JSONRequestBody {
    let version: Int?
    let customerID: Int64?
    private let edits: [@Sendable (inout BidBook.Draft) -> Void]
    private let problems: FieldProblems

    static let fields: [(name: String, schema: JSONSchema)] = [
        ("tender_number", .name(BidBook.maximumTenderNumberLength)), ("customer_id", .id), ("opportunity_id", .nullable(.id)),
        ("title", .name(BidBook.maximumTitleLength)), ("submission_deadline", .time), ("opening_date", .nullable(.day)),
        ("bid_amount", .nullable(.money)), ("bond_amount", .money), ("bond_paid", .boolean),
        ("bond_paid_on", .nullable(.day)), ("bond_returned", .boolean),
        ("bond_returned_on", .nullable(.day)), ("status", .enumeration(BidStatus.allCases.map(\.rawValue))),
        ("winning_bidder", .text(CustomerRules.maximumNameLength)), ("winning_amount", .nullable(.money)), ("result_reason", .text()),
        ("notes", .text(CustomerRules.maximumNotesLength)),
        ("owner_id", .id), ("competitors", .array(.ref(CompetitorInputBody.schemaName), maxItems: BidBook.maximumCompetitors)),
    ]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        func key(_ name: String) -> JSONKey { JSONKey(name) }
        var problems = FieldProblems()
        version = try c.decodeIfPresent(Int.self, forKey: key("version"))
        customerID = try c.decodeIfPresent(Int64.self, forKey: key("customer_id"))
        var edits: [@Sendable (inout BidBook.Draft) -> Void] = []
        if let value = customerID { edits.append { $0.customerID = value } }
        if c.contains(key("opportunity_id")) {
            let value = try c.decodeIfPresent(Int64.self, forKey: key("opportunity_id"))
            edits.append { $0.opportunityID = value }
        }
        if let value = try c.decodeIfPresent(String.self, forKey: key("tender_number")) { edits.append { $0.tenderNumber = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("title")) { edits.append { $0.title = value } }
        if let value = try c.decodeIfPresent(Date.self, forKey: key("submission_deadline")) { edits.append { $0.submissionDeadline = value } }
        if c.contains(key("opening_date")) {
            let value = try c.decodeIfPresent(String.self, forKey: key("opening_date")) ?? ""
            edits.append { $0.openingDate = value }
        }
        if c.contains(key("bid_amount")) {
            let value = try c.decodeIfPresent(MoneyValue.self, forKey: key("bid_amount"))?.minorUnits
            edits.append { $0.bidAmount = value }
        }
        if let value = try c.decodeIfPresent(MoneyValue.self, forKey: key("bond_amount")) { edits.append { $0.bondAmount = value.minorUnits } }
        // The bond as a yes/no, a day, or both when they agree: a day means paid (returned); null means not.
        for (flag, day) in [("bond_paid", "bond_paid_on"), ("bond_returned", "bond_returned_on")] {
            let paid = try c.decodeIfPresent(Bool.self, forKey: key(flag))
            let hasDay = c.contains(key(day))
            let date = hasDay ? try c.decodeIfPresent(String.self, forKey: key(day)) : nil
            if let paid, hasDay, paid != (date != nil) { problems[day] = .notTogetherWith(flag); continue }
            let isPaid = hasDay ? date != nil : paid
            let isPaymentFlag = flag == "bond_paid"
            if let isPaid {
                edits.append { draft in
                    if isPaymentFlag {
                        draft.bondPaid = isPaid
                        draft.bondPaidOn = date ?? (isPaid ? draft.bondPaidOn : "")
                    } else {
                        draft.bondReturned = isPaid
                        draft.bondReturnedOn = date ?? (isPaid ? draft.bondReturnedOn : "")
                    }
                }
            }
        }
        if let text = try c.decodeIfPresent(String.self, forKey: key("status")) {
            if let value = BidStatus(rawValue: text) { edits.append { $0.status = value } }
            else { problems["status"] = .notOneOf(BidStatus.allCases.map(\.rawValue)) }
        }
        if let value = try c.decodeIfPresent(String.self, forKey: key("winning_bidder")) { edits.append { $0.winningBidder = value } }
        if c.contains(key("winning_amount")) {
            let value = try c.decodeIfPresent(MoneyValue.self, forKey: key("winning_amount"))?.minorUnits
            edits.append { $0.winningAmount = value }
        }
        if let value = try c.decodeIfPresent(String.self, forKey: key("result_reason")) { edits.append { $0.resultReason = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("notes")) { edits.append { $0.notes = value } }
        if let value = try c.decodeIfPresent(Int64.self, forKey: key("owner_id")) { edits.append { $0.ownerID = value } }
        if let value = try c.decodeIfPresent([CompetitorInputBody].self, forKey: key("competitors")) {
            let competitors = value.map(\.competitor)
            edits.append { $0.competitors = competitors }
        }
        self.edits = edits
        self.problems = problems
    }

    /// The draft over `base`, and what the body itself refused (an unknown status, a bond flag and day that disagree).
    func draft(over base: BidBook.Draft = .init()) -> (BidBook.Draft, FieldProblems) {
        var draft = base
        for edit in edits { edit(&draft) }
        return (draft, problems)
    }

    static var acceptedKeys: Set<String> { Set(fields.map(\.name) + ["version"]) }
    static let schemaName = "BidInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + fields, required: []) }
}

/// A file kept with a bid, without its bytes.
struct BidAttachmentBody: Encodable, SchemaDescribed {
    let attachment: BidAttachment

    enum CodingKeys: String, CodingKey { case id, bid_id, filename, content_type, size, uploaded_by, uploaded_at }

    func encode(to encoder: any Encoder) throws {
        let a = attachment
        try NullEncoding.encode([
            (CodingKeys.id, try a.requireID()), (.bid_id, a.$bid.id), (.filename, a.filename), (.content_type, a.contentType),
            (.size, a.size), (.uploaded_at, a.uploadedAt),
        ], nullable: [(.uploaded_by, a.$uploadedBy.id)], to: encoder)
    }

    static let schemaName = "BidAttachment"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = [
            ("id", .integer(minimum: 1)), ("bid_id", .integer(minimum: 1)), ("filename", .string()), ("content_type", .string()),
            ("size", .integer(minimum: 1)), ("uploaded_by", .nullable(.integer(minimum: 1))), ("uploaded_at", .string(format: "date-time")),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

/// How often we win, overall and against each competitor.
struct BidStatisticsBody: Encodable, SchemaDescribed {
    let statistics: BidStatistics

    enum CodingKeys: String, CodingKey { case bids, won, lost, win_rate, competitors }
    enum RivalKeys: String, CodingKey { case name, bids, won, lost, win_rate }

    struct RivalBody: Encodable {
        let rival: BidStatistics.Rival
        func encode(to encoder: any Encoder) throws {
            try NullEncoding.encode([(RivalKeys.name, rival.name), (.bids, rival.bids), (.won, rival.won), (.lost, rival.lost)],
                                    nullable: [(.win_rate, rival.winRateBasis.map { PercentValue(units: $0) })], to: encoder)
        }
    }

    func encode(to encoder: any Encoder) throws {
        let s = statistics
        try NullEncoding.encode([(CodingKeys.bids, s.bids), (.won, s.won), (.lost, s.lost),
                                 (.competitors, s.competitors.map(RivalBody.init))],
                                nullable: [(.win_rate, s.winRateBasis.map { PercentValue(units: $0) })], to: encoder)
    }

    static let schemaName = "BidStatistics"
    static var schema: JSONSchema {
        let rival: [(name: String, schema: JSONSchema)] = [
            ("name", .string()), ("bids", .integer(minimum: 1)), ("won", .integer(minimum: 0)), ("lost", .integer(minimum: 0)),
            ("win_rate", .nullable(.number)),
        ]
        let fields: [(name: String, schema: JSONSchema)] = [
            ("bids", .integer(minimum: 0)), ("won", .integer(minimum: 0)), ("lost", .integer(minimum: 0)), ("win_rate", .nullable(.number)),
            ("competitors", .array(.object(rival, required: rival.map(\.name)))),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

/// A bid's file as a download: its own media type, its name in `filename*` (RFC 6266 / 5987, UTF-8), never shown inline.
enum BidAttachmentDownload {
    static func response(_ file: BidAttachmentFile) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename*=UTF-8''" + encoded(file.filename))
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return Response(status: .ok, headers: headers, body: .init(data: file.data))
    }

    /// Percent-encodes all but RFC 5987's attr-chars.
    static func encoded(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~".utf8)
        return name.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
    }
}
