import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Streams every customer of a filter the caller may see as CSV or JSON, batch by batch, so memory stays flat.
public enum CustomerExport {
    static let columns = ["id", "kind", "name", "industry", "region", "address", "phone", "email", "website", "source", "owner",
                          "stage", "tags", "annual_category_spend", "marketing_consent", ImportColumns.customFieldsColumn, "last_interaction_at",
                          "created_at"]

    static func response(_ request: Request) async throws -> Response {
        let filter = try await request.customerFilter()
        let format = request.query[String.self, at: "format"] ?? "csv"
        guard format == "csv" || format == "json" else {
            throw RequestProblem.badQuery(name: "format", message: request.localizer.message(for: .notOneOf(["csv", "json"])))
        }
        var chosenEncoding = TextEncoding.utf8
        if let text = request.query[String.self, at: "encoding"], !text.isEmpty {
            guard let value = TextEncoding(rawValue: text.lowercased()) else {
                throw RequestProblem.badQuery(name: "encoding", message: request.localizer.message(for: .notOneOf(TextEncoding.allCases.map(\.rawValue))))
            }
            chosenEncoding = value
        }
        let encoding = chosenEncoding
        let actor = try request.actor()
        let day = CustomerFilter.formatDay(request.guanxi.clock.now(), request.guanxi.settings.timeZone)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        if format == "json" {
            headers.contentType = .json
        } else {
            headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=\(encoding.rawValue)")
        }
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"customers-\(day).\(format)\"")
        let book = request.customers
        let database = request.db
        let logger = request.logger
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            do {
                try await write(filter, json: format == "json", encoding: encoding, by: actor, book: book, on: database) { bytes in
                    try await writer.write(.buffer(ByteBuffer(bytes: bytes)))
                }
                try await writer.write(.end)
            } catch {
                logger.error("customer export failed: \(String(reflecting: error))")
                try await writer.write(.error(error))
            }
        }))
    }

    /// Writes the export in chunks to `sink`: for the web, the API and the command line alike.
    public static func write(_ filter: CustomerFilter, json: Bool, encoding: TextEncoding, by actor: Actor, book: CustomerBook,
                             on database: any Database, to sink: ([UInt8]) async throws -> Void) async throws {
        let owners = try await User.query(on: database).all()
        let usernames = Dictionary(owners.compactMap { user in user.id.map { ($0, user.username) } }, uniquingKeysWith: { a, _ in a })
        if json {
            try await sink(Array("[".utf8))
            var first = true
            try await book.forEach(filter, by: actor) { customers in
                // The list's writer: the same JSON as `CustomerBody`, without the generic encoder's cost per row.
                var chunk = CustomerJSON(capacity: 1024 * customers.count)
                for customer in customers {
                    if !first { chunk.raw(",") }
                    first = false
                    chunk.customer(customer, tags: customer.tags)
                }
                try await sink(chunk.bytes)
            }
            try await sink(Array("]".utf8))
            return
        }
        // Excel opens UTF-8 files correctly only with a byte-order mark.
        try await sink((encoding == .utf8 ? CSVWriter.utf8BOM : []) + TextTranscoder.encode(CSVWriter.row(columns), to: encoding))
        let stamp = ISO8601DateFormatter()
        try await book.forEach(filter, by: actor) { customers in
            var text = ""
            for c in customers {
                text += CSVWriter.row([
                    String(c.id), c.kind.rawValue, c.name, c.industry, c.region, c.address, c.phone, c.email, c.website,
                    c.source, c.ownerID.flatMap { usernames[$0] } ?? "", c.stage.rawValue, c.tags.joined(separator: ","),
                    c.annualCategorySpend.map(MinorUnits.format) ?? "", c.marketingConsent ? "true" : "false",
                    c.customFieldsJSON == "{}" ? "" : c.customFieldsJSON, c.lastInteractionAt.map(stamp.string(from:)) ?? "", stamp.string(from: c.createdAt),
                ])
            }
            try await sink(try TextTranscoder.encode(text, to: encoding))
        }
    }
}
