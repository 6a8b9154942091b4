import Vapor

/// The sales report page.
struct SalesReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.salesReport, use: report)
    }

    @Sendable func report(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await SalesReportPage.Model.load(request)
        return Layout.page(context.l[.salesReportTitle], context, content: SalesReportPage.view(model, context))
    }
}
