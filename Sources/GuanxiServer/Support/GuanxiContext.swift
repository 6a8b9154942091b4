import Fluent
import GuanxiCore
import GuanxiStore
import Vapor

/// The services one running Guanxi shares between requests.
public struct GuanxiContext: Sendable {
    public let settings: GuanxiSettings
    public let hasher: any PasswordHashing
    public let api: APIRegistry
    public let scheduler: JobScheduler
    /// Progress of imports running in this process.
    public let imports = ImportBoard()
    /// Requests being answered; a stopping server waits for them before closing the database.
    public let inFlight = InFlightRequests()
    /// Recent bearer-token lookups (see `TokenUserCache` for how long a change elsewhere takes to show).
    public let tokenUsers = TokenUserCache()
    /// Search texts found to match many customers (see `CommonSubstrings`).
    public let commonSubstrings = CommonSubstrings()
    /// The cards of the customer 360 page, registered by the features while the server is configured.
    public let customerPanels = CustomerPanels()

    public var clock: any TimeSource { settings.clock }

    public func directory(on database: any Database) -> AccountDirectory {
        AccountDirectory(database: database, hasher: hasher, clock: clock, tokenUsers: tokenUsers)
    }

    public func credentials(on database: any Database) -> Credentials {
        Credentials(database: database, hasher: hasher, clock: clock, tokenUsers: tokenUsers)
    }

    public func customers(on database: any Database) -> CustomerBook {
        CustomerBook(database: database, clock: clock, commonSubstrings: commonSubstrings)
    }
    public func privacy(on database: any Database) -> CustomerPrivacy { CustomerPrivacy(database: database, clock: clock) }
    public func contacts(on database: any Database) -> ContactBook { ContactBook(database: database, clock: clock) }
    public func interactions(on database: any Database) -> InteractionLog { InteractionLog(database: database, clock: clock) }
    public func tasks(on database: any Database) -> TaskList { TaskList(database: database, clock: clock) }
    public func rules(on database: any Database) -> FollowUpRuleBook { FollowUpRuleBook(database: database, clock: clock) }
    public func products(on database: any Database) -> ProductCatalog { ProductCatalog(database: database, clock: clock) }
    public func segments(on database: any Database) -> SegmentLibrary {
        SegmentLibrary(database: database, clock: clock, timeZone: settings.timeZone)
    }
    public var calendar: CompanyCalendar { CompanyCalendar(timeZone: settings.timeZone) }
    public func companySettings(on database: any Database) -> CompanySettings { CompanySettings(database: database, clock: clock) }
    public func stages(on database: any Database) -> PipelineStageBook { PipelineStageBook(database: database, clock: clock) }
    public func salesChannels(on database: any Database) -> SalesChannelBook { SalesChannelBook(database: database, clock: clock) }
    public func opportunities(on database: any Database) -> OpportunityBook { OpportunityBook(database: database, clock: clock) }
    public func pipeline(on database: any Database) -> PipelineBoard { PipelineBoard(database: database, clock: clock) }
    public func quotes(on database: any Database) -> QuoteBook { QuoteBook(database: database, clock: clock, calendar: calendar) }
    public func orders(on database: any Database) -> OrderBook { OrderBook(database: database, clock: clock, calendar: calendar) }
    public func bids(on database: any Database) -> BidBook { BidBook(database: database, clock: clock, calendar: calendar) }
    public func settlement(on database: any Database) -> OrderSettlement { OrderSettlement(database: database, clock: clock) }
    public func demo(on database: any Database) -> DemoCompany {
        DemoCompany(database: database, clock: clock, hasher: hasher, timeZone: settings.timeZone)
    }
    public func importer(on database: any Database) -> DataImporter {
        DataImporter(database: database, clock: clock, timeZone: settings.timeZone)
    }
}

extension Application {
    private struct ContextKey: StorageKey { typealias Value = GuanxiContext }

    /// The connections imports run on (see `DatabaseLocation.bulkLoadID`).
    public var bulkLoadDB: any Database {
        guanxi.settings.database.bulkLoadDatabase.map { db($0) } ?? db
    }

    /// Builds, in the background, what a large import left to index (`IndexCatchUp`); nothing when nothing is left.
    /// The scheduled job of the same name picks up whatever a stopped process left unfinished.
    public func catchUpIndexes() {
        let database = bulkLoadDB, logger = logger
        Task {
            do {
                let progress = try await IndexCatchUp.run(on: database)
                if progress != IndexCatchUp.Progress() {
                    logger.info("indexes caught up: \(progress.indexesBuilt) built, \(progress.customersIndexed) customers added to the search index")
                }
            } catch ConnectionPoolError.shutdown {
                logger.notice("index catch-up stopped with the server; the scheduled job of that name resumes it")
            } catch {
                logger.error("index catch-up failed: \(String(reflecting: error))")
            }
        }
    }

    /// Guanxi's services; set by `configure`.
    public var guanxi: GuanxiContext {
        get {
            guard let context = storage[ContextKey.self] else { fatalError("configure(_:settings:) has not run") }
            return context
        }
        set { storage[ContextKey.self] = newValue }
    }
}

extension Request {
    public var guanxi: GuanxiContext { application.guanxi }
    public var directory: AccountDirectory { guanxi.directory(on: db) }
    public var credentials: Credentials { guanxi.credentials(on: db) }
    public var customers: CustomerBook { guanxi.customers(on: db) }
    public var privacy: CustomerPrivacy { guanxi.privacy(on: db) }
    public var contacts: ContactBook { guanxi.contacts(on: db) }
    public var interactions: InteractionLog { guanxi.interactions(on: db) }
    public var tasks: TaskList { guanxi.tasks(on: db) }
    public var rules: FollowUpRuleBook { guanxi.rules(on: db) }
    public var products: ProductCatalog { guanxi.products(on: db) }
    public var segments: SegmentLibrary { guanxi.segments(on: db) }
    public var companySettings: CompanySettings { guanxi.companySettings(on: db) }
    public var stages: PipelineStageBook { guanxi.stages(on: db) }
    public var salesChannels: SalesChannelBook { guanxi.salesChannels(on: db) }
    public var opportunities: OpportunityBook { guanxi.opportunities(on: db) }
    public var pipeline: PipelineBoard { guanxi.pipeline(on: db) }
    public var quotes: QuoteBook { guanxi.quotes(on: db) }
    public var orders: OrderBook { guanxi.orders(on: db) }
    public var bids: BidBook { guanxi.bids(on: db) }
    public var settlement: OrderSettlement { guanxi.settlement(on: db) }
}

/// bcrypt through Vapor, with a configurable cost (tests use the minimum).
struct BcryptPasswordHashing: PasswordHashing {
    let cost: Int

    func hash(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: cost)
    }

    func verify(_ password: String, against hash: String) throws -> Bool {
        // A malformed stored hash is a failed login, not a server error.
        (try? Bcrypt.verify(password, created: hash)) ?? false
    }
}
