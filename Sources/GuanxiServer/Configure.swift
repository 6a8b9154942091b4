import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// What `configure` reports back to the caller that starts the server.
public struct StartupReport: Sendable {
    /// The generated password of the first `admin`, shown once; nil on later starts.
    public let generatedAdminPassword: String?
    public let adminCreated: Bool
}

/// Sets up the database, migrations, the first admin, middleware and every route.
/// With `migrate: false` the database is not touched at start (the server still answers, e.g. `/health` with 503).
@discardableResult
public func configure(_ app: Application, settings: GuanxiSettings, migrate: Bool = true) async throws -> StartupReport {
    GuanxiMetrics.bootstrap()
    if case .sqliteFile(let path) = settings.database {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    }
    let poolSize = settings.databasePoolSize
    try settings.database.register(on: app.databases, poolSize: poolSize)
    app.databases.middleware.use(WriteGateMiddleware())
    app.migrations.add(GuanxiMigrations.all)
    if migrate {
        try await settings.database.prepare(app.db)
        try await app.autoMigrate()
    }
    // SQLite keeps one connection per event loop; tune each of them once.
    if settings.database.isSQLite {
        for eventLoop in app.eventLoopGroup.makeIterator() {
            try await settings.database.tune(connection: app.databases.database(logger: app.logger, on: eventLoop)!)
            if let bulk = settings.database.bulkLoadDatabase {
                try await settings.database.tune(connection: app.databases.database(bulk, logger: app.logger, on: eventLoop)!)
            }
        }
    }

    let scheduler = JobScheduler(holder: "\(ProcessInfo.processInfo.hostName)#\(ProcessInfo.processInfo.processIdentifier)#\(UUID().uuidString.prefix(8))",
                                 jobs: JobScheduler.builtIn + JobScheduler.backups(settings))
    let context = GuanxiContext(settings: settings, hasher: BcryptPasswordHashing(cost: settings.bcryptCost), api: APIRegistry(),
                                scheduler: scheduler)
    app.guanxi = context
    if settings.runsScheduledJobs { app.lifecycle.use(JobSchedulerLifecycle()) }

    var adminWasMissing = false
    var generated: String?
    if migrate {
        adminWasMissing = try await User.query(on: app.db).count() == 0
        generated = try await FirstStart.ensureAdmin(directory: context.directory(on: app.db), givenPassword: settings.adminPassword)
    }

    app.routes.defaultMaxBodySize = ByteCount(stringLiteral: settings.maxBodySize)
    app.middleware = Middlewares()
    app.middleware.use(RequestLog(writesLines: settings.logsRequests, logger: settings.requestLogger))
    app.middleware.use(SecurityHeaders())
    app.middleware.use(context.inFlight)
    app.middleware.use(GuanxiErrorMiddleware())
    app.middleware.use(RateLimit(settings: settings))

    try app.register(collection: SystemRoutes(poolSize: poolSize))

    let api = app.grouped(BearerAuthenticator())
    let builder = APIBuilder(routes: api, registry: context.api)
    GuanxiAPI.register(builder)
    builder.on(.init(.GET, "/openapi.json", operationID: "openapi", summary: "This document", tag: "meta", access: .anyone,
                     responses: [.init(.ok, "The OpenAPI 3.1 document", schemaName: "OpenAPIDocument")])) { request in
        let data = try OpenAPIDocument.data(routes: request.guanxi.api.routes, components: GuanxiAPI.components + [("OpenAPIDocument", .anyObject)])
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    context.customerPanels.register(CustomerPanels.builtIn)
    let web = app.grouped(CSRFProtection(), SessionAuthenticator())
    try web.register(collection: SessionController())
    let signedIn = web.grouped(RequireSignIn(), ReminderCounter())
    try signedIn.register(collection: DashboardController())
    try signedIn.register(collection: AccountController())
    try signedIn.register(collection: CustomersController())
    try signedIn.register(collection: ContactsController())
    try signedIn.register(collection: InteractionsController())
    try signedIn.register(collection: TasksController())
    try signedIn.register(collection: TaskPageController())
    try signedIn.register(collection: ProductsController())
    try signedIn.register(collection: SegmentsController())
    try signedIn.register(collection: FollowUpRulesController())
    try signedIn.register(collection: ImportController())
    try signedIn.register(collection: OpportunitiesController())
    try signedIn.register(collection: PipelineController())
    try signedIn.register(collection: SalesReportsController())
    try signedIn.register(collection: SalesTargetsController())
    try signedIn.register(collection: QuotesController())
    try signedIn.register(collection: OrdersController())
    try signedIn.register(collection: BidsController())
    let admin = signedIn.grouped(RequireAdmin())
    try admin.register(collection: UsersController())
    try admin.register(collection: TeamsController())
    try admin.register(collection: AuditController())
    try admin.register(collection: CompanySettingsController())
    try admin.register(collection: PipelineStagesController())
    try admin.register(collection: SalesChannelsController())

    return StartupReport(generatedAdminPassword: generated, adminCreated: adminWasMissing)
}
