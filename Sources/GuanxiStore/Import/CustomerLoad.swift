import Fluent
import Foundation
import GuanxiCore
import SQLKit

extension DataImporter {
    /// Customers in two steps, so that everyone else's changes wait only while rows are written, not while a large
    /// file is read and checked (SQLite has one writer at a time; a command-line import would otherwise keep the
    /// server's writes out for as long as it checks):
    ///
    /// 1. **Checking**, outside any write transaction: every row is read and checked against the file's earlier rows
    ///    and the live customers; the checked batches are kept. A dry run, and a file with any problem, end here
    ///    without having kept anyone from writing.
    /// 2. **Writing**, in one transaction: the customers added or changed while the file was checked are screened
    ///    again (a duplicate that appeared meanwhile still fails the import), the rows get their ids and are written.
    func importCustomers(_ utf8: [UInt8], _ session: ImportSession, _ report: ImportReport, total: Int,
                         progress: @escaping @Sendable (_ processed: Int, _ total: Int) async -> Void) async throws -> ImportReport {
        var report = report
        let options = session.options
        let checkedFrom = clock.now()
        let lastIDBefore = try await CustomerLoad.lastCustomerID(on: database)
        var importer = CustomerImport(session: session)
        importer.expectCustomers(total)
        if !options.allowDuplicates, try await IndexSuspension.pays(forRows: total, into: Customer.schema, on: database) {
            // The customers already there are no more than the file's rows: their keys are read once, and no index
            // has to be kept for the duplicate checks.
            importer.existingKeys = try await CustomerImport.loadExistingKeys(on: database)
        }
        var batches: [CustomerImport.CustomerBatch] = []
        var reader = CSVReader(bytes: utf8)
        _ = try? reader.next()  // the header, read by the caller
        while let records = Self.nextBatch(&reader, &report) {
            let rows = session.rows(records, into: &report)
            var checked = importer.validateCustomers(rows, into: &report)
            try await importer.screenExisting(&checked, into: &report, on: database)
            // Once any problem is known nothing will be written: keeping more batches would only cost memory.
            if report.succeeded { batches.append(checked) } else { batches.removeAll() }
            await progress(report.totalRows, max(total, report.totalRows))
        }
        importer.existingKeys = nil
        // A dry run meets the same checks as the real run, the customers added meanwhile included; it writes nothing,
        // so it needs no lock for them.
        if options.dryRun, report.succeeded {
            try await CustomerLoad.screenChanges(&batches, importer, &report, after: lastIDBefore, since: checkedFrom, on: database)
        }
        try Self.requireSuccess(report, options)

        let now = session.now
        let checked = report
        let ready = batches
        batches = []
        let screener = importer
        return try await database.writeTransaction(holdingBackCheckpoint: true) { db in
            var report = checked
            var batches = ready
            var importer = screener
            let pause = try await SearchIndexPause.begin(on: db)
            try await CustomerLoad.screenChanges(&batches, importer, &report, after: lastIDBefore, since: checkedFrom, on: db)
            try Self.requireSuccess(report, options)
            importer.nextCustomerID = pause?.firstCustomerID
            let suspension = try await IndexSuspension.pays(forRows: total, into: Customer.schema, on: db)
                ? try await IndexSuspension.begin(table: Customer.schema, keeping: [], on: db) : nil
            try await BulkLoadCache.enlarged(on: db) {
                for index in batches.indices {
                    importer.number(&batches[index])
                    report.writtenRows += try await CustomerImport.write(batches[index], on: db)
                    batches[index] = CustomerImport.CustomerBatch()  // written: its memory goes back
                }
            }
            if let suspension {
                // A load at least as large as the table: the rows commit first and `IndexCatchUp` builds the indexes
                // and the search index after (migration 009); the pause commits with the rows.
                try await suspension.deferBuild(on: db)
            } else {
                try await pause?.finish(on: db)
            }
            try await Self.audit(report, options, by: session.actor, at: now, on: db)
            return report
        }
    }
}

enum CustomerLoad {
    /// Screens checked batches again against the customers added after `lastID` or changed since `since`.
    static func screenChanges(_ batches: inout [CustomerImport.CustomerBatch], _ importer: CustomerImport, _ report: inout ImportReport,
                              after lastID: Int64, since: Date, on db: any Database) async throws {
        guard !importer.session.options.allowDuplicates else { return }
        let meanwhile = try await CustomerImport.keysChanged(after: lastID, since: since, on: db)
        guard !meanwhile.isEmpty else { return }
        for index in batches.indices {
            let before = batches[index].candidates.count
            if importer.screen(&batches[index], against: meanwhile, into: &report) {
                report.validRows -= before - batches[index].candidates.count
            }
        }
    }

    /// The highest customer id in use (the trash included); customers above it arrived after a check began.
    static func lastCustomerID(on db: any Database) async throws -> Int64 {
        try await db.sql().raw("SELECT COALESCE(MAX(id), 0) AS last FROM customers").first()?.decode(column: "last", as: Int64.self) ?? 0
    }
}

extension CustomerImport.ExistingKeys {
    var isEmpty: Bool { names.isEmpty && phones.isEmpty && emails.isEmpty }
}
