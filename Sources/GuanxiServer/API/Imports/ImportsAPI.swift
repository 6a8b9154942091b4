import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/imports/{kind}`: CSV imports.
enum ImportsAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.POST, "/imports/{kind}", operationID: "importFile",
                     summary: "Import a CSV file (body: text/csv, UTF-8 or GB18030); all rows or none. Administrators only",
                     tag: "imports", access: .admin,
                     query: [.init(name: "dry_run", description: "Check only; write nothing", schema: .boolean),
                             .init(name: "encoding", description: "Force an encoding instead of detecting it", schema: .enumeration(TextEncoding.allCases.map(\.rawValue))),
                             .init(name: "allow_duplicates", description: "Import customers that look like existing ones", schema: .boolean)],
                     responses: [.init(.ok, "The report; `written_rows` is 0 when anything was refused", schemaName: ImportReportBody.schemaName),
                                 .init(.payloadTooLarge, "The file is larger than 256 MiB", schemaName: ErrorBody.schemaName)],
                     uploadLimit: 256 << 20)) { request in
            guard let kind = request.parameters.get("kind").flatMap(ImportKind.init(rawValue:)) else { throw GuanxiError.notFound(entity: "import") }
            var options = DataImporter.Options(kind: kind)
            options.dryRun = try request.booleanQuery("dry_run") ?? false
            options.allowDuplicates = try request.booleanQuery("allow_duplicates") ?? false
            if let text = request.query[String.self, at: "encoding"], !text.isEmpty {
                guard let encoding = TextEncoding(rawValue: text.lowercased()) else {
                    throw RequestProblem.badQuery(name: "encoding", message: request.localizer.message(for: .notOneOf(TextEncoding.allCases.map(\.rawValue))))
                }
                options.encoding = encoding
            }
            let bytes = request.body.data.map { Array($0.readableBytesView) } ?? []
            let report = try await request.guanxi.importer(on: request.application.bulkLoadDB).run(bytes, options, by: request.actor())
            if report.writtenRows > 0 { request.application.catchUpIndexes() }
            return try .json(ImportReportBody(report, request.localizer))
        }
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (ImportReportBody.schemaName, ImportReportBody.schema),
    ]
}

struct ImportReportBody: Encodable, SchemaDescribed {
    let report: ImportReport

    enum CodingKeys: String, CodingKey { case kind, dry_run, encoding, total_rows, valid_rows, written_rows, problems }
    struct ProblemBody: Encodable {
        let line: Int, column: String, message: String
    }

    let problems: [ProblemBody]

    init(_ report: ImportReport, _ l: Localizer) {
        self.report = report
        self.problems = report.problems.map { ProblemBody(line: $0.line, column: $0.column, message: ImportText.message(for: $0.reason, l)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report.kind.rawValue, forKey: .kind)
        try c.encode(report.dryRun, forKey: .dry_run)
        try c.encode(report.encoding.rawValue, forKey: .encoding)
        try c.encode(report.totalRows, forKey: .total_rows)
        try c.encode(report.validRows, forKey: .valid_rows)
        try c.encode(report.writtenRows, forKey: .written_rows)
        try c.encode(problems, forKey: .problems)
    }

    static let schemaName = "ImportReport"
    static var schema: JSONSchema {
        .object([
            ("kind", .enumeration(ImportKind.allCases.map(\.rawValue))), ("dry_run", .boolean),
            ("encoding", .enumeration(TextEncoding.allCases.map(\.rawValue))), ("total_rows", .integer(minimum: 0)),
            ("valid_rows", .integer(minimum: 0)), ("written_rows", .integer(minimum: 0)),
            ("problems", .array(.object([("line", .integer(minimum: 0)), ("column", .string()), ("message", .string())],
                                        required: ["line", "column", "message"]))),
        ], required: ["kind", "dry_run", "encoding", "total_rows", "valid_rows", "written_rows", "problems"])
    }
}
