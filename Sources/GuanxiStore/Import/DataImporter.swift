import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Imports customers, contacts, products or interactions from a CSV file.
///
/// One pass inside one transaction: each batch is validated and written; at the end the transaction commits only
/// when no row had a problem and this is not a dry run. So a dry run meets the same checks as the real thing
/// (including the database's), and one bad row among a million leaves the database untouched. Customers, the
/// large imports, are checked first and written after, so the write lock is held only while they are written
/// (`importCustomers`); a load of customers at least as large as the table leaves its indexes to `IndexCatchUp`,
/// which the caller runs after.
public struct DataImporter: Sendable {
    public let database: any Database
    public let clock: any TimeSource
    public let timeZone: TimeZone

    public init(database: any Database, clock: any TimeSource, timeZone: TimeZone) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
    }

    public struct Options: Sendable {
        public var kind: ImportKind
        /// nil: detect UTF-8 (with or without BOM) or GB18030.
        public var encoding: TextEncoding?
        /// File header → field name; "-" ignores a column.
        public var mapping: [String: String]
        public var dryRun: Bool
        /// Customers that look like existing ones are imported anyway instead of being reported.
        public var allowDuplicates: Bool
        public var fileName: String

        public init(kind: ImportKind, encoding: TextEncoding? = nil, mapping: [String: String] = [:], dryRun: Bool = false,
                    allowDuplicates: Bool = false, fileName: String = "") {
            self.kind = kind
            self.encoding = encoding
            self.mapping = mapping
            self.dryRun = dryRun
            self.allowDuplicates = allowDuplicates
            self.fileName = fileName
        }
    }

    /// Who may import: administrators (the command line runs as one).
    public static func mayImport(_ actor: Actor) -> Bool { actor.role == .admin }

    static let batchSize = 2_500

    public func run(_ bytes: [UInt8], _ options: Options, by actor: Actor,
                    progress: @escaping @Sendable (_ processed: Int, _ total: Int) async -> Void = { _, _ in }) async throws -> ImportReport {
        guard Self.mayImport(actor) else { throw GuanxiError.forbidden }
        // Customers' sort keys need the pinyin table (a fraction of a second to build once); built on the other core
        // meanwhile, the first rows need not wait for it.
        if options.kind == .customers { Task.detached(priority: .userInitiated) { PinyinSortKey.prepare() } }
        let decoded: (utf8: [UInt8], encoding: TextEncoding)
        do {
            decoded = try TextTranscoder.decode(bytes, as: options.encoding)
        } catch {
            var report = ImportReport(kind: options.kind, dryRun: options.dryRun, encoding: error.encoding)
            report.add(ImportProblem(line: error.line, column: "", reason: .wrongEncoding(error.encoding.rawValue)))
            return report
        }
        var report = ImportReport(kind: options.kind, dryRun: options.dryRun, encoding: decoded.encoding)
        var reader = CSVReader(bytes: decoded.utf8)
        let header: CSVRecord
        do {
            guard let first = try reader.next() else {
                report.add(ImportProblem(line: 1, column: "", reason: .emptyFile))
                return report
            }
            header = first
        } catch {
            report.add(Self.csvProblem(error))
            return report
        }
        let (fields, headerProblems) = ImportColumns.resolve(headers: header.fields, kind: options.kind, mapping: options.mapping)
        guard headerProblems.isEmpty else {
            for problem in headerProblems { report.add(problem) }
            return report
        }
        let total = Self.estimatedRows(decoded.utf8)
        // An earlier load's indexes first: this one's checks read them (duplicate keys, customers by name).
        try await IndexCatchUp.run(on: database)
        let context = try await ImportContext.load(on: database)
        let now = clock.now()
        let utf8 = decoded.utf8
        var session = ImportSession(kind: options.kind, fields: fields, headers: header.fields, columnCount: header.fields.count,
                                    options: options, context: context, actor: actor, now: now, timeZone: timeZone)
        session.checksControlCharacters = Self.holdsControlBytes(utf8)
        do {
            if options.kind == .customers {
                return try await importCustomers(utf8, session, report, total: total, progress: progress)
            }
            return try await database.writeTransaction(holdingBackCheckpoint: true) { [report, session] db in
                var report = report
                var reader = CSVReader(bytes: utf8)
                _ = try? reader.next()  // the header, read above
                try await BulkLoadCache.enlarged(on: db) {
                    var processor = options.kind.processor.init(session: session)
                    while let batch = Self.nextBatch(&reader, &report) {
                        try await processor.process(session.rows(batch, into: &report), into: &report, on: db)
                        await progress(report.totalRows, max(total, report.totalRows))
                    }
                    try await processor.finish(into: &report, on: db)
                }
                try Self.requireSuccess(report, options)
                try await Self.audit(report, options, by: actor, at: now, on: db)
                return report
            }
        } catch let rollback as ImportRollback {
            var report = rollback.report
            report.writtenRows = 0
            // A batch's checks run in stages (cells, then rows against each other, then the database), so problems
            // arrive out of line order; the reader goes down the file.
            report.problems.sort { $0.line < $1.line }
            return report
        }
    }

    /// Rolls the import back (keeping its report) unless every row passed and this is a real run.
    static func requireSuccess(_ report: ImportReport, _ options: Options) throws {
        var report = report
        if report.totalRows == 0, report.succeeded { report.add(ImportProblem(line: 2, column: "", reason: .emptyFile)) }
        guard report.succeeded, !options.dryRun else { throw ImportRollback(report: report) }
    }

    static func audit(_ report: ImportReport, _ options: Options, by actor: Actor, at now: Date, on db: any Database) async throws {
        var changes = ChangeSet()
        changes.note("file", from: nil, to: options.fileName)
        changes.note("rows", from: nil, to: String(report.writtenRows))
        try await AuditLog.record(.import, entity: options.kind.entityName, id: Int64(report.writtenRows), changes: changes,
                                  by: actor, at: now, on: db)
    }

    /// Up to `batchSize` records; nil at the end of the file. A broken record is reported and ends the reading.
    static func nextBatch(_ reader: inout CSVReader, _ report: inout ImportReport) -> [CSVRecord]? {
        var batch: [CSVRecord] = []
        batch.reserveCapacity(batchSize)
        while batch.count < batchSize {
            do {
                guard let record = try reader.next() else { break }
                batch.append(record)
            } catch {
                report.add(csvProblem(error))
                reader = CSVReader(bytes: [])
                break
            }
        }
        return batch.isEmpty ? nil : batch
    }

    static func csvProblem(_ error: any Error) -> ImportProblem {
        switch error as? CSVError {
        case .unterminatedQuote(let line): ImportProblem(line: line, column: "", reason: .malformedCSV("unterminated quote"))
        case .quoteInUnquotedField(let line, let column): ImportProblem(line: line, column: String(column), reason: .malformedCSV("quote inside an unquoted field"))
        default: ImportProblem(line: 0, column: "", reason: .malformedCSV(String(describing: error)))
        }
    }

    /// Whether any byte is a control character other than tab and line breaks (one pass, before the rows are read).
    static func holdsControlBytes(_ bytes: [UInt8]) -> Bool {
        bytes.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }
    }

    /// Lines in the file minus the header: the progress bar's denominator (quoted line breaks make it an estimate).
    public static func estimatedRows(_ bytes: [UInt8]) -> Int {
        var lines = 0
        for byte in bytes where byte == 0x0A { lines += 1 }
        if let last = bytes.last, last != 0x0A { lines += 1 }
        return max(lines - 1, 0)
    }
}

/// Thrown inside the import transaction to roll it back while keeping the report.
struct ImportRollback: Error {
    let report: ImportReport
}

extension ImportKind {
    var entityName: String {
        switch self {
        case .customers: "customer"
        case .contacts: "contact"
        case .products: "product"
        case .interactions: "interaction"
        case .orders: "order"
        }
    }
}

/// Users by username, loaded once per import.
struct ImportContext: Sendable {
    /// Lower-cased username → id, of active users.
    let usersByName: [String: Int64]
    /// Lower-cased usernames of disabled accounts, so a file naming one is told so rather than "no such user".
    let disabledUsernames: Set<String>

    /// Usernames match regardless of case; most files spell them exactly, which saves lower-casing every cell.
    func user(named name: String) -> Int64? { usersByName[name] ?? usersByName[name.lowercased()] }

    /// Why `name` cannot own or log anything.
    func problem(forUser name: String) -> ImportProblemReason {
        disabledUsernames.contains(name.lowercased()) ? .disabledUser(name) : .unknownOwner(name)
    }

    static func load(on database: any Database) async throws -> ImportContext {
        let users = try await User.query(on: database).all()
        return ImportContext(
            usersByName: Dictionary(users.filter(\.active).compactMap { user in user.id.map { (user.username.lowercased(), $0) } },
                                    uniquingKeysWith: { first, _ in first }),
            disabledUsernames: Set(users.filter { !$0.active }.map { $0.username.lowercased() }))
    }
}
