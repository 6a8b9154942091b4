import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Imports customers, contacts, products or interactions from a CSV file.
///
/// One pass inside one transaction: each batch is validated and written; at the end the transaction commits only
/// when no row had a problem and this is not a dry run. So a dry run meets the same checks as the real thing
/// (including the database's), and one bad row among a million leaves the database untouched. A load of customers
/// at least as large as the table leaves its indexes to `IndexCatchUp`, which the caller runs after.
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
        let timeZone = timeZone
        let utf8 = decoded.utf8
        let finalReport: ImportReport
        do {
            finalReport = try await database.writeTransaction(holdingBackCheckpoint: true) { [report] db in
                var report = report
                let pause = options.kind == .customers ? try await SearchIndexPause.begin(on: db) : nil
                var session = ImportSession(kind: options.kind, fields: fields, headers: header.fields, columnCount: header.fields.count,
                                            options: options, context: context, actor: actor, now: now, timeZone: timeZone)
                session.checksControlCharacters = Self.holdsControlBytes(utf8)
                var customers: CustomerImport?
                var suspension: IndexSuspension?
                if options.kind == .customers {
                    var importer = CustomerImport(session: session)
                    importer.nextCustomerID = pause?.firstCustomerID
                    importer.expectCustomers(total)
                    if try await IndexSuspension.pays(forRows: total, into: Customer.schema, on: db) {
                        // The customers already there are no more than the file's rows: their keys are read once, and
                        // no index has to be kept for the duplicate checks.
                        if !options.allowDuplicates { importer.existingKeys = try await CustomerImport.loadExistingKeys(on: db) }
                        suspension = try await IndexSuspension.begin(table: Customer.schema, keeping: [], on: db)
                    }
                    customers = importer
                }
                var reader = CSVReader(bytes: utf8)
                _ = try? reader.next()  // the header, read above
                try await BulkLoadCache.enlarged(on: db) {
                    if var importer = customers {
                        try await Self.importCustomers(&reader, session, &importer, &report, total: total, progress: progress, on: db)
                    } else {
                        var processor = options.kind.processor.init(session: session)
                        while let batch = Self.nextBatch(&reader, &report) {
                            try await processor.process(session.rows(batch, into: &report), into: &report, on: db)
                            await progress(report.totalRows, max(total, report.totalRows))
                        }
                        try await processor.finish(into: &report, on: db)
                    }
                }
                if report.succeeded {
                    if let suspension {
                        // A load at least as large as the table: the rows commit first and `IndexCatchUp` builds
                        // the indexes and the search index after (migration 009); the pause commits with the rows.
                        try await suspension.deferBuild(on: db)
                    } else {
                        try await pause?.finish(on: db)
                    }
                }
                if report.totalRows == 0, report.succeeded { report.add(ImportProblem(line: 2, column: "", reason: .emptyFile)) }
                guard report.succeeded, !options.dryRun else { throw ImportRollback(report: report) }
                var changes = ChangeSet()
                changes.note("file", from: nil, to: options.fileName)
                changes.note("rows", from: nil, to: String(report.writtenRows))
                try await AuditLog.record(.import, entity: options.kind.entityName, id: Int64(report.writtenRows), changes: changes,
                                          by: actor, at: now, on: db)
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
        return finalReport
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

    /// Customers go through a pipeline: while one batch is being written, the next is read and checked, so the
    /// checks run on a second core next to the database's writer.
    static func importCustomers(_ reader: inout CSVReader, _ session: ImportSession, _ customers: inout CustomerImport,
                                _ report: inout ImportReport, total: Int,
                                progress: @Sendable (_ processed: Int, _ total: Int) async -> Void, on db: any Database) async throws {
        var ready: CustomerImport.CustomerBatch?
        while true {
            let writing = ready
            async let written = CustomerImport.write(writing, on: db)
            var next: CustomerImport.CustomerBatch?
            if let records = nextBatch(&reader, &report) {
                let rows = session.rows(records, into: &report)
                var checked = customers.validateCustomers(rows, into: &report)
                // Screened in memory, the batch is ready before the one being written is done; the writer need not wait.
                if customers.screensInMemory { try await customers.screenExisting(&checked, into: &report, on: db) }
                next = checked
            }
            report.writtenRows += try await written
            guard var next else { break }
            if !customers.screensInMemory { try await customers.screenExisting(&next, into: &report, on: db) }
            // Once any problem is known the transaction will roll back; writing more would only cost time.
            ready = report.succeeded ? next : nil
            await progress(report.totalRows, max(total, report.totalRows))
        }
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
