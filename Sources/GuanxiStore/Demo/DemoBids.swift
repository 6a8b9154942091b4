import Fluent
import Foundation
import GuanxiAnalytics
import GuanxiCore

/// Tenders the demo company bid on (投标): about one customer in fifteen issued one in the last two years. Those
/// past their opening are won or lost against named competitors (with the winner's amount when lost), a few were
/// cancelled; those still ahead are being prepared or already submitted, with the bond paid.
struct DemoBids {
    let now: Date
    let calendar: CompanyCalendar
    let seed: UInt64

    static let competitors = ["华为", "中兴通讯", "浪潮信息", "新华三", "联想集团", "东软集团"]
    static let titles = ["年度设备集中采购项目", "信息化系统建设项目", "数据中心扩容项目", "办公网络改造项目", "运维服务外包项目"]
    static let lostReasons = ["报价高于中标方", "技术评分低于竞争对手", "交付周期不满足要求"]

    /// Writes the bids of the customers (id, owner id) that issue tenders; returns how many.
    func write(customers: [(id: Int64, owner: Int64?)], on db: any Database) async throws -> Int {
        var bids: [[BulkValue]] = [], rivals: [[(String, Int64?)]] = []
        for (customerID, owner) in customers {
            var random = SplitMix64(seed: seed &* 0x5851_F42D &+ UInt64(customerID))
            guard random.next() % 15 == 0 else { continue }
            let deadline = calendar.start(of: calendar.day(now.addingTimeInterval(Double(Int(random.next() % 760) - 700) * 86_400)))?
                .addingTimeInterval(10 * 3_600) ?? now
            let opening = calendar.day(deadline.addingTimeInterval(Double(random.next() % 4) * 86_400))
            let amount = Int64(20 + random.next() % 480) * 1_000_000
            let bond = amount / 50
            let created = deadline.addingTimeInterval(-Double(20 + random.next() % 20) * 86_400)
            let roll = random.next() % 10
            let status: BidStatus = deadline > now ? (roll < 5 ? .preparing : .submitted) : roll < 4 ? .won : roll < 9 ? .lost : .cancelled
            let submitted: Date? = status == .preparing || status == .cancelled ? nil : deadline.addingTimeInterval(-2 * 86_400)
            let decided: Date? = status.isDecided ? calendar.start(of: opening)?.addingTimeInterval(15 * 3_600) : nil
            var names = Self.competitors
            var bidders: [(String, Int64?)] = []
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let name = names.remove(at: Int(random.next() % UInt64(names.count)))
                // Their amounts are known once the bids are opened, and only then.
                let theirs: Int64? = decided == nil ? nil : amount * Int64(85 + random.next() % 30) / 100
                bidders.append((name, theirs))
            }
            let winner = status == .lost ? bidders.min { ($0.1 ?? .max) < ($1.1 ?? .max) } : nil
            let paidOn = status == .preparing || status == .cancelled ? nil : calendar.day(deadline.addingTimeInterval(-5 * 86_400))
            let returnedOn = decided.map { calendar.day($0.addingTimeInterval(20 * 86_400)) }.flatMap { $0 <= calendar.day(now) ? $0 : nil }
            bids.append([
                .text("ZB-\(calendar.year(created))-\(customerID)"), .int(customerID),
                .text(Self.titles[Int(random.next() % UInt64(Self.titles.count))]), .date(deadline), .text(opening),
                .int(status == .preparing && random.next() % 2 == 0 ? nil : amount), .int(bond), paidOn.map(BulkValue.text) ?? .null,
                returnedOn.map(BulkValue.text) ?? .null, .text(status.rawValue), .text(winner?.0 ?? ""), .int(winner?.1),
                .text(status == .lost ? Self.lostReasons[Int(random.next() % UInt64(Self.lostReasons.count))] : ""), .text(""),
                .int(owner), .date(submitted), .date(decided), .int(owner), .int(1), .date(created), .date(decided ?? submitted ?? created),
            ])
            rivals.append(bidders)
        }
        let ids = try await BulkWriter.insert(into: Bid.schema, columns: [
            "tender_number", "customer_id", "title", "submission_deadline", "opening_date", "bid_amount", "bond_amount", "bond_paid_on",
            "bond_returned_on", "status", "winning_bidder", "winning_amount", "result_reason", "notes", "owner_id", "submitted_at",
            "decided_at", "created_by_id", "version", "created_at", "updated_at",
        ], rows: bids, returningIDs: true, on: db)
        var rows: [[BulkValue]] = []
        for (index, id) in ids.enumerated() {
            for (position, rival) in rivals[index].enumerated() { rows.append([.int(id), .int(Int64(position + 1)), .text(rival.0), .int(rival.1)]) }
        }
        try await BulkWriter.insert(into: BidCompetitor.schema, columns: ["bid_id", "position", "name", "amount"], rows: rows, on: db)
        return ids.count
    }
}
