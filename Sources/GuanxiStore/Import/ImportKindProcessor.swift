import Fluent
import GuanxiCore

/// One kind of record an import brings in. Each kind has its own file: the columns it understands, and how a batch
/// of its rows is checked and written. The checks of a record's own values are those of the service that keeps
/// that record (a product's are `ProductCatalog.checked`), so a file obeys the same rules as the form and the API;
/// the processor adds what only a file has: cells to parse, and lines to compare with each other.
protocol ImportKindProcessor {
    /// The columns of the kind, with the header spellings recognised without a mapping file.
    static var columns: [ImportColumns.Column] { get }

    init(session: ImportSession)

    /// Checks one batch of rows, reporting each problem by line and column, and writes the batch while the import
    /// has no problem yet (the transaction commits only if none turns up, so a refused file writes nothing).
    mutating func process(_ rows: [ImportSession.Row], into report: inout ImportReport, on db: any Database) async throws

    /// After the last batch: whatever a kind keeps back across batches (an order whose lines may go on).
    mutating func finish(into report: inout ImportReport, on db: any Database) async throws
}

extension ImportKindProcessor {
    typealias Row = ImportSession.Row

    mutating func finish(into report: inout ImportReport, on db: any Database) async throws {}
}

extension ImportKind {
    /// The processor of each kind.
    var processor: any ImportKindProcessor.Type {
        switch self {
        case .customers: CustomerImport.self
        case .contacts: ContactImport.self
        case .products: ProductImport.self
        case .interactions: InteractionImport.self
        case .orders: OrderImport.self
        }
    }
}
