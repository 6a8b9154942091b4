import Fluent
import Foundation
import GuanxiCore

/// Products from a file: each row read into the catalog's draft and checked by the catalog's own rules
/// (`ProductCatalog.checked`); the SKU also against the file's earlier lines and the products there are.
struct ProductImport: ImportKindProcessor {
    static let columns: [ImportColumns.Column] = [
        .init(field: "sku", required: true, aliases: ["编号", "产品编号", "货号"]),
        .init(field: "name", required: true, aliases: ["名称", "产品名称"]),
        .init(field: "category", required: false, aliases: ["类别", "分类"]),
        .init(field: "unit", required: false, aliases: ["单位"]),
        .init(field: "list_price", required: false, aliases: ["价格", "标价", "单价", "price"]),
        .init(field: "unit_cost", required: false, aliases: ["成本", "单位成本", "cost"]),
        .init(field: "brand", required: false, aliases: ["品牌"]),
        .init(field: "manufacturer", required: false, aliases: ["厂商", "生产商", "制造商"]),
        .init(field: "is_agent_product", required: false, aliases: ["代理产品", "agent"]),
        .init(field: "launch_date", required: false, aliases: ["上市日期"]),
        .init(field: "active", required: false, aliases: ["在售", "启用"]),
    ]

    let session: ImportSession
    /// SKU → the line that first had it.
    var seenSKUs: [String: Int] = [:]

    init(session: ImportSession) { self.session = session }

    mutating func process(_ rows: [Row], into report: inout ImportReport, on db: any Database) async throws {
        let skus = rows.map { $0["sku"] }.filter { !$0.isEmpty }
        var existing: [String: Int64] = [:]
        if !skus.isEmpty {
            for product in try await Product.query(on: db).filter(\.$sku ~~ skus).all() { existing[product.sku] = product.id }
        }
        var values: [[BulkValue]] = []
        for row in rows {
            var bad = false
            var draft = ProductCatalog.Draft()
            draft.sku = row["sku"]
            draft.name = row["name"]
            draft.category = row["category"]
            draft.unit = row["unit"]
            draft.brand = row["brand"]
            draft.manufacturer = row["manufacturer"]
            draft.listPrice = amount(row, "list_price", &report, &bad)
            draft.unitCost = amount(row, "unit_cost", &report, &bad)
            draft.launchDate = session.day(row, "launch_date", &report, refused: &bad)
            draft.isAgentProduct = session.bool(row, "is_agent_product", &report, refused: &bad) ?? false
            draft.active = session.bool(row, "active", &report, refused: &bad) ?? true
            let (checked, problems) = ProductCatalog.checked(draft)
            bad = session.fieldProblems(row, problems, &report) || bad
            let sku = checked.sku
            if problems["sku"] == nil {
                if let earlier = seenSKUs[sku] { session.problem(row, "sku", .duplicateSKUInFile(line: earlier), &report); bad = true }
                else if let id = existing[sku] { session.problem(row, "sku", .duplicateSKU(id: id), &report); bad = true }
                if seenSKUs[sku] == nil { seenSKUs[sku] = row.line }
            }
            if bad { continue }
            values.append([.text(checked.sku), .text(checked.name), .text(checked.category), .text(checked.unit), .int(checked.listPrice),
                           .int(checked.unitCost), .text(checked.brand), .text(checked.manufacturer), .bool(checked.isAgentProduct),
                           .text(checked.launchDate.isEmpty ? nil : checked.launchDate), .bool(checked.active),
                           .int(1), .date(session.now), .date(session.now)])
        }
        report.validRows += values.count
        guard report.succeeded, !values.isEmpty else { return }
        try await BulkWriter.insert(into: Product.schema, columns: [
            "sku", "name", "category", "unit", "list_price", "unit_cost", "brand", "manufacturer", "is_agent_product",
            "launch_date", "active", "version", "created_at", "updated_at",
        ], rows: values, on: db)
        report.writtenRows += values.count
    }

    /// A money cell in minor units; 0 when empty, and when it is no amount (then reported, and `bad` set). A
    /// negative amount is left to the catalog's rules.
    private func amount(_ row: Row, _ field: String, _ report: inout ImportReport, _ bad: inout Bool) -> Int64 {
        let cell = row[field]
        if cell.isEmpty { return 0 }
        if let value = MinorUnits.parse(cell) { return value }
        bad = session.fieldProblem(row, field, .invalidAmount, &report) || bad
        return 0
    }
}
