import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import NIOConcurrencyHelpers
import Vapor

/// Progress of the imports running in this process.
public final class ImportBoard: @unchecked Sendable {
    private let lock = NIOLock()
    private var progress: [Int64: (processed: Int, total: Int)] = [:]

    public init() {}

    func update(_ id: Int64, processed: Int, total: Int) { lock.withLock { progress[id] = (processed, total) } }
    func progress(of id: Int64) -> (processed: Int, total: Int)? { lock.withLock { progress[id] } }
    func finish(_ id: Int64) { lock.withLock { progress[id] = nil } }

}

/// Upload a CSV file, watch the progress bar, read the report. Administrators only.
struct ImportController: RouteCollection {
    static let uploadPath = SitePath.imports.description
    static let uploadLimit = 256 << 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.imports, use: page)
        routes.on(.POST, SitePath.imports.components, body: .collect(maxSize: ByteCount(value: Self.uploadLimit)), use: upload)
        routes.get(.importJob(SitePath.anyID), use: job)
    }

    struct Upload: Content {
        var kind: String?
        var encoding: String?
        var dry_run: String?
        var allow_duplicates: String?
        /// Lines of `file header = field`, for headers the importer does not recognise.
        var mapping: String?
        var file: File?
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        try await uploadPage(request, problems: FieldProblems(), status: .ok)
    }

    @Sendable func upload(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        guard DataImporter.mayImport(actor) else { throw GuanxiError.forbidden }
        let values = try request.content.decode(Upload.self)
        var problems = FieldProblems()
        let kind = values.kind.flatMap(ImportKind.init(rawValue:))
        if kind == nil { problems["kind"] = .notOneOf(ImportKind.allCases.map(\.rawValue)) }
        var encoding: TextEncoding?
        if let text = values.encoding, !text.isEmpty {
            encoding = TextEncoding(rawValue: text)
            if encoding == nil { problems["encoding"] = .notOneOf(TextEncoding.allCases.map(\.rawValue)) }
        }
        var mapping: [String: String] = [:]
        for line in (values.mapping ?? "").split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, !parts[0].isEmpty { mapping[parts[0]] = parts[1] } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                problems["mapping"] = .required
            }
        }
        guard let file = values.file, file.data.readableBytes > 0 else {
            problems["file"] = .required
            return try await uploadPage(request, problems: problems, status: .unprocessableEntity)
        }
        guard let kind, problems.isEmpty else { return try await uploadPage(request, problems: problems, status: .unprocessableEntity) }
        let bytes = Array(file.data.readableBytesView)
        func checkbox(_ name: String, _ value: String?) throws -> Bool {
            guard let value else { return false }
            guard let checked = QueryString.boolean(value) else {
                throw RequestProblem.badQuery(name: name, message: request.localizer.message(for: .notBoolean))
            }
            return checked
        }
        let options = DataImporter.Options(kind: kind, encoding: encoding, mapping: mapping,
                                           dryRun: try checkbox("dry_run", values.dry_run),
                                           allowDuplicates: try checkbox("allow_duplicates", values.allow_duplicates),
                                           fileName: file.filename)
        let now = request.guanxi.clock.now()
        let job = ImportJob()
        job.kind = kind.rawValue
        job.fileName = file.filename
        job.dryRun = options.dryRun
        job.status = .running
        job.totalRows = DataImporter.estimatedRows(bytes)
        job.processedRows = 0
        job.writtenRows = 0
        job.report = ""
        job.$user.id = actor.userID
        job.version = 1
        job.createdAt = now
        job.updatedAt = now
        try await job.create(on: request.db)
        let id = try job.requireID()
        let app = request.application
        let board = request.guanxi.imports
        // The import runs on after this response; the job page shows its progress and then its report.
        Task {
            let importer = app.guanxi.importer(on: app.bulkLoadDB)
            let finished = ImportJob.Status.failed
            var status = finished
            var reportJSON = ""
            var processed = 0
            var written = 0
            do {
                let report = try await importer.run(bytes, options, by: actor) { done, total in
                    board.update(id, processed: done, total: total)
                }
                status = report.succeeded ? .succeeded : .failed
                reportJSON = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
                processed = report.totalRows
                written = report.writtenRows
            } catch {
                app.logger.error("import \(id) failed: \(String(reflecting: error))")
            }
            do {
                try await ImportJob.query(on: app.db).filter(\.$id == id)
                    .set(\.$status, to: status).set(\.$report, to: reportJSON).set(\.$processedRows, to: processed)
                    .set(\.$writtenRows, to: written).set(\.$updatedAt, to: app.guanxi.clock.now()).set(\.$version, to: 2)
                    .update()
            } catch {
                app.logger.error("import \(id): could not store the report: \(String(reflecting: error))")
            }
            board.finish(id)
            if written > 0 { app.catchUpIndexes() }
        }
        return request.redirect(to: SitePath.importJob(id))
    }

    @Sendable func job(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        guard DataImporter.mayImport(actor) else { throw GuanxiError.forbidden }
        guard let job = try await ImportJob.find(try request.idParameter(), on: request.db) else { throw GuanxiError.notFound(entity: "import") }
        let context = PageContext(request: request)
        let l = context.l
        let id = job.id ?? 0
        var content: HTML
        var refresh = false
        if job.status == .running {
            let progress = request.guanxi.imports.progress(of: id)
            let total = max(progress?.total ?? job.totalRows, 1)
            let processed = min(progress?.processed ?? 0, total)
            let percent = Int((Double(processed) / Double(total) * 100).rounded())
            refresh = true
            content = """
            <div class="card" id="import-progress" data-status="running"><h2>\(l(.importRunning, ["file": job.fileName]))</h2>
            <progress class="progress" value="\(percent)" max="100">\(percent)%</progress>
            <p class="muted">\(processed) / \(total)</p></div>
            """
        } else {
            let report = try? JSONDecoder().decode(ImportReport.self, from: Data(job.report.utf8))
            let rows: [HTML] = (report?.problems ?? []).prefix(1000).map { problem in
                "<tr><td>\(problem.line)</td><td>\(problem.column)</td><td>\(ImportText.message(for: problem.reason, l))</td></tr>"
            }
            let summary: String
            if let report, report.succeeded {
                summary = report.dryRun ? l(.importDryRunOK, ["n": String(report.validRows)]) : l(.importSucceeded, ["n": String(report.writtenRows)])
            } else {
                summary = l(.importFailed, ["n": String(report?.problemCount ?? 0)])
            }
            let succeeded = report?.succeeded ?? false
            content = """
            <div class="card" id="import-result" data-status="\(job.status.rawValue)">
              <div class="\(succeeded ? "notice" : "banner error")" id="import-summary">\(summary)</div>
              <table class="compact"><tbody>
                <tr><td>\(l[.importFile])</td><td>\(job.fileName) (\(report?.encoding.rawValue.uppercased() ?? ""))</td></tr>
                <tr><td>\(l[.rowsTotal])</td><td>\(report?.totalRows ?? 0)</td></tr>
                <tr><td>\(l[.rowsValid])</td><td>\(report?.validRows ?? 0)</td></tr>
                <tr><td>\(l[.rowsWritten])</td><td id="rows-written">\(report?.writtenRows ?? 0)</td></tr>
              </tbody></table>
            </div>
            \(rows.isEmpty ? HTML.empty : HTML("""
            <div class="table-card"><table id="import-problems"><thead><tr><th>\(l[.importLine])</th><th>\(l[.importColumn])</th><th>\(l[.importReason])</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """))
            <p class="spaced"><a class="button" href="\(SitePath.imports)" id="import-again">\(l[.importTitle])</a></p>
            """
        }
        let response = Layout.page(l[.importTitle], context, content: content)
        if refresh { response.headers.replaceOrAdd(name: "Refresh", value: "1") }
        return response
    }

    private func uploadPage(_ request: Request, problems: FieldProblems, status: HTTPStatus) async throws -> Response {
        let actor = try request.actor()
        guard DataImporter.mayImport(actor) else { throw GuanxiError.forbidden }
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let recent = try await ImportJob.query(on: request.db).sort(\.$id, .descending).limit(10).all()
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        let rows: [HTML] = recent.map { job in
            let status = switch job.status {
            case .running: l[.importStatusRunning]
            case .succeeded: l[.importStatusSucceeded]
            case .failed: l[.importStatusFailed]
            }
            return "<tr><td><a href=\"\(SitePath.importJob(job.id ?? 0))\">\(job.fileName)</a></td><td>\(ImportKind(rawValue: job.kind).map(l.importKindName) ?? job.kind)</td><td>\(status)\(job.dryRun ? " (\(l[.dryRun]))" : "")</td><td>\(job.writtenRows)</td><td class=\"muted\">\(format.dateTime(job.createdAt))</td></tr>"
        }
        let fileError: HTML = errors["file"].map { HTML("<p class=\"field-error\" id=\"error-file\">\($0)</p>") } ?? .empty
        let content: HTML = """
        <div class="card">
          <p class="muted">\(l[.importHint])</p>
          \(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
          <form method="post" action="\(SitePath.imports)" enctype="multipart/form-data" class="stacked" id="import-form">\(context.csrfField)
            \(Form.select("kind", label: l[.importKind], options: ImportKind.allCases.map { ($0.rawValue, l.importKindName($0)) }, selected: "customers", errors: errors))
            <div class="field\(errors["file"] == nil ? "" : " has-error")"><label for="f-file">\(l[.importFile])</label><input id="f-file" type="file" name="file" accept=".csv,text/csv">\(fileError)</div>
            \(Form.select("encoding", label: l[.importEncoding], options: [("", l[.encodingAuto]), ("utf-8", "UTF-8"), ("gb18030", "GB18030")], selected: "", errors: errors))
            \(Form.textarea("mapping", label: l[.importMapping], value: "", errors: errors, rows: 2, hint: l[.importMappingHint]))
            \(Form.checkbox("dry_run", label: l[.dryRun], checked: false))
            \(Form.checkbox("allow_duplicates", label: l[.allowDuplicates], checked: false))
            <div class="form-actions"><button type="submit" id="start-import">\(l[.startImport])</button></div>
          </form>
        </div>
        \(rows.isEmpty ? HTML.empty : HTML("""
        <div class="card"><h2>\(l[.recentImports])</h2><table class="compact"><tbody>\(rows)</tbody></table></div>
        """))
        """
        let response = Layout.page(l[.importTitle], context, content: content)
        response.status = status
        return response
    }
}
