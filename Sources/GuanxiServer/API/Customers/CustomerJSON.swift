import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Writes customers as JSON by hand. The customer list is the busiest response of the product, and the generic
/// encoder spends most of a request's time on runtime type lookups; the bytes are the same as `CustomerBody`'s.
struct CustomerJSON {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    static func listResponse(_ page: Page<CustomerRecord>) -> Response {
        var json = CustomerJSON(capacity: 1024 * max(page.items.count, 1))
        json.raw("{\"items\":[")
        for (index, customer) in page.items.enumerated() {
            if index > 0 { json.raw(",") }
            json.customer(customer, tags: customer.tags)
        }
        json.raw("],\"next\":")
        if let next = page.next { json.string(next.token) } else { json.raw("null") }
        json.raw("}")
        return json.response()
    }

    static func oneResponse(_ customer: CustomerRecord, tags: [String], status: HTTPStatus = .ok) -> Response {
        var json = CustomerJSON()
        json.customer(customer, tags: tags)
        return json.response(status: status)
    }

    func response(status: HTTPStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
    }

    /// Keys in the order `JSONEncoder.api` (sorted keys) writes them.
    mutating func customer(_ c: CustomerRecord, tags: [String]) {
        raw("{\"address\":"); string(c.address)
        raw(",\"annual_category_spend\":"); if let spend = c.annualCategorySpend { raw(MinorUnits.format(spend)) } else { raw("null") }
        raw(",\"created_at\":"); date(c.createdAt)
        raw(",\"custom_fields\":"); raw(c.customFieldsJSON.isEmpty ? "{}" : c.customFieldsJSON)
        raw(",\"deleted_at\":"); optionalDate(c.deletedAt)
        raw(",\"email\":"); string(c.email)
        raw(",\"id\":"); integer(c.id)
        raw(",\"industry\":"); string(c.industry)
        raw(",\"kind\":"); string(c.kind.rawValue)
        raw(",\"last_interaction_at\":"); optionalDate(c.lastInteractionAt)
        raw(",\"marketing_consent\":"); raw(c.marketingConsent ? "true" : "false")
        raw(",\"merged_into_id\":"); optionalInteger(c.mergedIntoID)
        raw(",\"name\":"); string(c.name)
        raw(",\"owner_id\":"); optionalInteger(c.ownerID)
        raw(",\"phone\":"); string(c.phone)
        raw(",\"region\":"); string(c.region)
        raw(",\"source\":"); string(c.source)
        raw(",\"stage\":"); string(c.stage.rawValue)
        raw(",\"tags\":[")
        for (index, tag) in tags.enumerated() {
            if index > 0 { raw(",") }
            string(tag)
        }
        raw("],\"updated_at\":"); date(c.updatedAt)
        raw(",\"version\":"); integer(Int64(c.version))
        raw(",\"website\":"); string(c.website)
        raw("}")
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        // Most values need no escaping: copy them whole instead of byte by byte.
        text.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 { escape(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        default: bytes.append(byte)
        }
    }

    mutating func optionalInteger(_ value: Int64?) {
        if let value { integer(value) } else { raw("null") }
    }

    /// Decimal digits written in place: `String(value)` allocated a string per number.
    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// `width` digits, zero-padded, of a non-negative number below 10^width.
    private mutating func padded(_ value: Int64, width: Int) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    mutating func optionalDate(_ date: Date?) {
        if let date { self.date(date) } else { raw("null") }
    }

    /// ISO 8601 in UTC to the second, as the API's encoder writes it.
    mutating func date(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        bytes.append(UInt8(ascii: "\""))
        if (0...9_999).contains(year) { padded(year, width: 4) } else { integer(year) }
        bytes.append(UInt8(ascii: "-")); padded(month, width: 2)
        bytes.append(UInt8(ascii: "-")); padded(day, width: 2)
        bytes.append(UInt8(ascii: "T")); padded(secondOfDay / 3_600, width: 2)
        bytes.append(UInt8(ascii: ":")); padded(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":")); padded(secondOfDay % 60, width: 2)
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }
}
