import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Streams every customer of a filter the caller may see as CSV or JSON, batch by batch, so memory stays flat.
enum CustomerExport {
    static let columns = ["id", "kind", "name", "industry", "region", "address", "phone", "email", "website", "source", "owner",
                          "stage", "tags", "annual_category_spend", "marketing_consent", "last_interaction_at", "created_at"]

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
        let book = request.customers
        let owners = try await User.query(on: request.db).all()
        let usernames = Dictionary(owners.compactMap { user in user.id.map { ($0, user.username) } }, uniquingKeysWith: { a, _ in a })
        let day = CustomerFilter.formatDay(request.guanxi.clock.now(), request.guanxi.settings.timeZone)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        let logger = request.logger
        if format == "json" {
            headers.contentType = .json
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"customers-\(day).json\"")
            return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
                do {
                    try await writer.write(.buffer(ByteBuffer(string: "[")))
                    var first = true
                    try await book.forEach(filter, by: actor) { customers, tags in
                        var chunk = Data()
                        for customer in customers {
                            if !first { chunk.append(UInt8(ascii: ",")) }
                            first = false
                            chunk.append(try JSONEncoder.api.encode(CustomerBody(customer: customer, tags: tags[customer.id ?? 0] ?? [])))
                        }
                        try await writer.write(.buffer(ByteBuffer(data: chunk)))
                    }
                    try await writer.write(.buffer(ByteBuffer(string: "]")))
                    try await writer.write(.end)
                } catch {
                    logger.error("customer export failed: \(String(reflecting: error))")
                    try await writer.write(.error(error))
                }
            }))
        }
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=\(encoding.rawValue)")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"customers-\(day).csv\"")
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            do {
                // Excel opens UTF-8 files correctly only with a byte-order mark.
                var head = encoding == .utf8 ? CSVWriter.utf8BOM : []
                head += try TextTranscoder.encode(CSVWriter.row(columns), to: encoding)
                try await writer.write(.buffer(ByteBuffer(bytes: head)))
                try await book.forEach(filter, by: actor) { customers, tags in
                    let stamp = ISO8601DateFormatter()
                    var text = ""
                    for c in customers {
                        text += CSVWriter.row([
                            String(c.id ?? 0), c.kind.rawValue, c.name, c.industry, c.region, c.address, c.phone, c.email, c.website,
                            c.source, c.$owner.id.flatMap { usernames[$0] } ?? "", c.stage.rawValue, (tags[c.id ?? 0] ?? []).joined(separator: ","),
                            c.annualCategorySpend.map(MinorUnits.format) ?? "", c.marketingConsent ? "true" : "false",
                            c.lastInteractionAt.map(stamp.string(from:)) ?? "", stamp.string(from: c.createdAt),
                        ])
                    }
                    try await writer.write(.buffer(ByteBuffer(bytes: try TextTranscoder.encode(text, to: encoding))))
                }
                try await writer.write(.end)
            } catch {
                logger.error("customer export failed: \(String(reflecting: error))")
                try await writer.write(.error(error))
            }
        }))
    }
}
