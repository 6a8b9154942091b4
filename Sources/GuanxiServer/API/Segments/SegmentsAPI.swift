import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/segments`: saved customer filters.
enum SegmentsAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/segments", operationID: "listSegments", summary: "Saved customer filters", tag: "segments", access: .signedIn, reach: .everyone,
                     responses: [.init(.ok, "Every segment", schemaName: "SegmentList")])) { request in
            try .json(ListBody(Page(items: try await request.segments.segments(), next: nil), SegmentBody.init))
        }
        api.on(.init(.POST, "/segments", operationID: "createSegment", summary: "Save a customer filter as a segment", tag: "segments",
                     access: .signedIn, reach: .everyone, request: SegmentInputBody.schemaName,
                     responses: [.init(.created, "The new segment", schemaName: SegmentBody.schemaName)], rules: [.init(["name"], "not the name of another segment of yours"), .init(["filter"], "a customer list's query string the server reads (as GET /customers takes it)")])) { request in
            let body = try request.decodeJSON(SegmentInputBody.self)
            let filter = try segmentFilter(body.filter ?? "", request)
            let segment = try await request.segments.create(name: body.name ?? "", description: body.description ?? "", filter: filter, by: request.actor())
            return try .json(SegmentBody(segment: segment), status: .created)
        }
        api.on(.init(.GET, "/segments/{id}", operationID: "getSegment", summary: "One segment", tag: "segments", access: .signedIn, reach: .everyone,
                     responses: [.init(.ok, "The segment", schemaName: SegmentBody.schemaName)])) { request in
            try .json(SegmentBody(segment: try await request.segments.segment(id: try request.idParameter())))
        }
        api.on(.init(.PATCH, "/segments/{id}", operationID: "updateSegment", summary: "Change a segment; send the version you read",
                     tag: "segments", access: .signedIn, reach: .changesOwnWork, request: SegmentInputBody.schemaName,
                     responses: [.init(.ok, "The changed segment", schemaName: SegmentBody.schemaName),
                                 .init(.forbidden, "Only its creator or an administrator", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [.init(["name"], "not the name of another segment of yours"), .init(["filter"], "a customer list's query string the server reads (as GET /customers takes it)")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(SegmentInputBody.self)
            let filter = try body.filter.map { try segmentFilter($0, request) }
            let segment = try await request.segments.update(id: id, version: try requireVersion(body.version), name: body.name,
                                                            description: body.description, filter: filter, by: request.actor())
            return try .json(SegmentBody(segment: segment))
        }
        api.on(.init(.DELETE, "/segments/{id}", operationID: "deleteSegment", summary: "Delete a segment", tag: "segments", access: .signedIn, reach: .changesOwnWork,
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.forbidden, "Only its creator or an administrator", schemaName: ErrorBody.schemaName)])) { request in
            try await request.segments.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (SegmentBody.schemaName, SegmentBody.schema),
        (SegmentInputBody.schemaName, SegmentInputBody.schema),
        ("SegmentList", ListBody<SegmentBody>.schema(of: SegmentBody.schemaName)),
    ]

    static func segmentFilter(_ text: String, _ request: Request) throws -> CustomerFilter {
        let (filter, problems) = CustomerFilter.parse(queryString: text, timeZone: request.guanxi.settings.timeZone)
        // The filter is one field of the segment; its first refused parameter explains why.
        if let problem = problems.problems.sorted(by: { $0.key < $1.key }).first?.value {
            var fields = FieldProblems()
            fields["filter"] = problem
            throw GuanxiError.invalid(fields)
        }
        return filter
    }
}
