import Vapor

/// The sales report page.
struct SalesReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.salesReport, use: report)
        routes.get(.salesReportExport, use: export)
    }

    /// The report as shown, as CSV (the API's columns), UTF-8 with a byte-order mark for Excel.
    @Sendable func export(_ request: Request) async throws -> Response {
        let model = try await SalesReportPage.Model.load(request)
        return SalesReportBody(result: model.report, period: model.period, dimension: model.dimension, from: model.from, to: model.to).csv()
    }

    @Sendable func report(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await SalesReportPage.Model.load(request)
        return Layout.page(context.l[.salesReportTitle], context, content: SalesReportPage.view(model, context))
    }
}
