import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Saved customer filters in the browser.
struct SegmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.segments, use: segments)
        routes.post(.segments, use: createSegment)
        routes.post(.segmentDelete(SitePath.anyID), use: deleteSegment)
    }

    @Sendable func segments(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let actor = try request.actor()
        let all = try await request.segments.segments()
        let rows: [HTML] = all.map { segment in
            let delete: HTML = SegmentLibrary.canEdit(segment, by: actor)
                ? "<form class=\"inline\" method=\"post\" action=\"\(SitePath.segmentDelete(segment.id ?? 0))\" data-confirm=\"\(l[.confirmDeleteSegment])\">\(context.csrfField)<button class=\"ghost\" type=\"submit\">\(l[.delete])</button></form>" : .empty
            return """
            <tr><td><a href="\(SitePath.customers)?segment_id=\(segment.id ?? 0)">\(segment.name)</a><div class="muted">\(segment.description)</div></td>
            <td><code>\(segment.filter.removingPercentEncoding ?? segment.filter)</code></td>
            <td><a class="button ghost" href="\(SitePath.customerExport)?segment_id=\(segment.id ?? 0)">\(l[.export])</a> \(delete)</td></tr>
            """
        }
        let content: HTML = """
        <div class="table-card"><table id="segments-table">
          <thead><tr><th>\(l[.segmentName])</th><th>\(l[.segmentFilter])</th><th></th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"3\" class=\"muted\">\(l[.noSegments])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        """
        return Layout.page(l[.segmentsTitle], context, content: content)
    }

    struct SegmentForm: Content { var name: String?, description: String?, filter: String? }

    @Sendable func createSegment(_ request: Request) async throws -> Response {
        let values = try request.content.decode(SegmentForm.self)
        let filter = CustomerFilter.parse(queryString: values.filter ?? "", timeZone: request.guanxi.settings.timeZone).0
        let segment = try await request.segments.create(name: values.name ?? "", description: values.description ?? "", filter: filter,
                                                        by: request.actor())
        return request.redirect(to: SitePath.customers.with([("segment_id", String(segment.id ?? 0))]), flash: .segmentCreated, name: segment.name)
    }

    @Sendable func deleteSegment(_ request: Request) async throws -> Response {
        try await request.segments.delete(id: try request.idParameter(), by: request.actor())
        return request.redirect(to: SitePath.segments, flash: .segmentDeleted)
    }
}
