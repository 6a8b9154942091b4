import ArgumentParser
import Foundation
import GuanxiCore
import GuanxiServer
import GuanxiStore
import Vapor

/// `guanxi import KIND FILE`: check or import a CSV file; all rows or none.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import customers, contacts, products or interactions from a CSV file (UTF-8 or GB18030); all rows or none.",
        discussion: """
        Headers may be the field names (name, phone, owner, …) or common Chinese headers (客户名称, 电话, 负责人, …). \
        A mapping file renames other headers: JSON {"客户全称": "name", "备用": "-"} or CSV lines `header,field` ("-" ignores a column). \
        Problems are printed as `line N, column C: reason`; the exit status is 1 when anything was refused.
        """
    )

    @ArgumentParser.Argument(help: "customers, contacts, products, interactions or orders") var kind: String
    @ArgumentParser.Argument(help: "The CSV file") var file: String
    @ArgumentParser.Flag(help: "Check every row and report; write nothing.") var dryRun = false
    @ArgumentParser.Option(help: "Header mapping file (JSON object or two-column CSV).") var mapping: String?
    @ArgumentParser.Option(help: "utf-8 or gb18030 (default: detect).") var encoding: String?
    @ArgumentParser.Flag(help: "Import customers that look like existing ones instead of refusing them.") var allowDuplicates = false

    func run() async throws {
        guard let kind = ImportKind(rawValue: kind) else {
            throw ValidationError("unknown kind '\(kind)'; use one of: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options = DataImporter.Options(kind: kind, dryRun: dryRun, allowDuplicates: allowDuplicates,
                                           fileName: (file as NSString).lastPathComponent)
        if let encoding {
            guard let value = TextEncoding(rawValue: encoding.lowercased()) else { throw ValidationError("--encoding must be utf-8 or gb18030") }
            options.encoding = value
        }
        if let mapping { options.mapping = try Self.readMapping(mapping) }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let bytes = [UInt8](data)
        let settings = try AppBootstrap.settings()
        let localizer = Localizer(CommandLineLanguage.current)
        var failed = false
        try await AppBootstrap.withApplication(settings) { app in
            let started = Date()
            let report = try await app.guanxi.importer(on: app.db).run(bytes, options, by: .commandLine) { processed, total in
                if processed % 50_000 < 1_000 || processed == total {
                    FileHandle.standardError.write(Data("\r\(processed)/\(total) rows checked".utf8))
                }
            }
            FileHandle.standardError.write(Data("\n".utf8))
            for problem in report.problems {
                let column = problem.column.isEmpty ? "" : ", column \(problem.column)"
                print("line \(problem.line)\(column): \(ImportText.message(for: problem.reason, localizer))")
            }
            if report.problemCount > report.problems.count { print("… and \(report.problemCount - report.problems.count) more problems") }
            let seconds = Date().timeIntervalSince(started)
            let summary = "\(report.totalRows) rows, \(report.validRows) valid, \(report.problemCount) problems, \(report.writtenRows) written "
                + "(\(report.encoding.rawValue), \(String(format: "%.1f", seconds)) s)"
            if !report.succeeded {
                print("Nothing was imported. " + summary)
                failed = true
            } else if dryRun {
                print("Dry run passed: " + summary)
            } else {
                print("Imported: " + summary)
                // A load at least as large as the table committed before its indexes were built; they are built now.
                if try await IndexCatchUp.isPending(on: app.db) {
                    print("Building the indexes for lists and search…")
                    let indexing = Date()
                    let progress = try await IndexCatchUp.run(on: app.db)
                    print("Indexed: \(progress.indexesBuilt) indexes built, \(progress.customersIndexed) customers added to the search index "
                          + "(\(String(format: "%.1f", Date().timeIntervalSince(indexing))) s)")
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Reads `{"header": "field"}` or lines of `header,field`.
    static func readMapping(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read mapping file \(path)") }
        // A file that starts like JSON is JSON: its mistakes are reported as such, not as CSV trouble.
        if let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            let object: Any
            do { object = try JSONSerialization.jsonObject(with: data) } catch {
                throw ValidationError("mapping file \(path): not valid JSON (\(error.localizedDescription))")
            }
            guard let mapping = object as? [String: String] else {
                throw ValidationError("mapping file \(path): expected a JSON object of \"header\": \"field\" texts, such as {\"客户全称\": \"name\", \"备用\": \"-\"}")
            }
            return mapping
        }
        let decoded: [UInt8]
        do { decoded = try TextTranscoder.decode([UInt8](data), as: nil).utf8 } catch {
            throw ValidationError("mapping file \(path): not UTF-8 or GB18030 text")
        }
        var mapping: [String: String] = [:]
        do {
            for record in try CSVReader.records(decoded) {
                guard record.fields.count == 2 else { throw ValidationError("mapping file line \(record.line): expected `header,field`") }
                mapping[record.fields[0].trimmingCharacters(in: .whitespaces)] = record.fields[1].trimmingCharacters(in: .whitespaces)
            }
        } catch let error as CSVError {
            switch error {
            case .unterminatedQuote(let line): throw ValidationError("mapping file line \(line): unterminated quote")
            case .quoteInUnquotedField(let line, _): throw ValidationError("mapping file line \(line): quote inside an unquoted field")
            }
        }
        return mapping
    }
}

/// `guanxi export customers`: every customer (or a segment / filter) as CSV or JSON.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export customers as CSV (UTF-8 with BOM, or GB18030) or JSON.")

    @ArgumentParser.Argument(help: "What to export: customers") var kind: String
    @ArgumentParser.Option(help: "csv or json") var format = "csv"
    @ArgumentParser.Option(help: "CSV encoding: utf-8 or gb18030") var encoding = "utf-8"
    @ArgumentParser.Option(help: "Only this segment's customers (segment id).") var segment: Int64?
    @ArgumentParser.Option(help: "A list filter as a query string, e.g. 'stage=customer&tag=vip'.") var filter: String?
    @ArgumentParser.Option(help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        guard kind == "customers" else { throw ValidationError("only customers can be exported for now") }
        guard format == "csv" || format == "json" else { throw ValidationError("--format must be csv or json") }
        guard let textEncoding = TextEncoding(rawValue: encoding.lowercased()) else { throw ValidationError("--encoding must be utf-8 or gb18030") }
        let settings = try AppBootstrap.settings()
        try await AppBootstrap.withApplication(settings) { app in
            var parameters: [String: String] = [:]
            if let segment {
                let stored = try await app.guanxi.segments(on: app.db).segment(id: segment)
                for (name, value) in CustomerFilter.parse(queryString: stored.filter, timeZone: settings.timeZone).0.parameters(timeZone: settings.timeZone) {
                    parameters[name] = value
                }
            }
            if let filter {
                let (parsed, problems) = CustomerFilter.parse(queryString: filter, timeZone: settings.timeZone)
                if let (name, _) = problems.problems.first { throw ValidationError("--filter: bad value for \(name)") }
                for (name, value) in parsed.parameters(timeZone: settings.timeZone) { parameters[name] = value }
            }
            let customerFilter = CustomerFilter.parse(parameters, timeZone: settings.timeZone).0
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                    throw ValidationError("cannot write \(output)")
                }
                handle = file
            } else {
                handle = FileHandle.standardOutput
            }
            try await CustomerExport.write(customerFilter, json: format == "json", encoding: textEncoding, by: .commandLine,
                                           book: app.guanxi.customers(on: app.db), on: app.db) { bytes in
                handle.write(Data(bytes))
            }
            if output != nil { try handle.close() }
        }
    }
}

/// The language of command-line messages: Chinese when LANG/LC_ALL asks for it, else English.
enum CommandLineLanguage {
    static var current: Language {
        let environment = ProcessInfo.processInfo.environment
        let value = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
        return value.lowercased().hasPrefix("zh") ? .chinese : .english
    }
}
