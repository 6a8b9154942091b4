import Foundation
import GuanxiCore
import Vapor

/// Builds the OpenAPI 3.1 document from the same `APIRoute` definitions the router uses, so it cannot drift.
enum OpenAPIDocument {
    static func build(routes: [APIRoute], components: [(String, JSONSchema)]) -> [String: any Sendable] {
        var paths: [String: [String: any Sendable]] = [:]
        let schemas = Dictionary(components, uniquingKeysWith: { first, _ in first })
        for route in routes {
            var operation: [String: any Sendable] = [
                "operationId": route.operationID,
                "summary": route.summary,
                "tags": [route.tag],
            ]
            if !route.rules.isEmpty {
                // Refused with 422 (400 in the query) naming the fields; clients and test tools read `x-rules`.
                operation["description"] = "Rules beyond the schemas, refused naming the fields:\n"
                    + route.rules.map { "- \($0.fields.map { "`\($0)`" }.joined(separator: ", ")): \($0.text)" }.joined(separator: "\n")
                operation["x-rules"] = route.rules.map { ["fields": $0.fields, "rule": $0.text] as [String: any Sendable] }
            }
            if let reach = route.reach {
                // Who gets what, by role (and by whose record: own, team, other); the access-matrix test walks it.
                operation["x-access"] = reach.published
            }
            var parameters: [any Sendable] = []
            for name in pathParameterNames(route.path) {
                // Every path parameter is a record's id, but for what an import brings in.
                let schema: JSONSchema = name == "kind" ? .enumeration(ImportKind.allCases.map(\.rawValue)) : .integer(minimum: 1)
                parameters.append([
                    "name": name, "in": "path", "required": true, "schema": schema.json,
                ] as [String: any Sendable])
            }
            for parameter in route.query {
                parameters.append([
                    "name": parameter.name, "in": "query", "required": parameter.isRequired,
                    "description": parameter.description, "schema": parameter.schema.json,
                ] as [String: any Sendable])
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let request = route.requestSchema {
                let requires = route.bodyRequires(schemas[request])
                operation["requestBody"] = [
                    "required": true,
                    "content": ["application/json": ["schema": requires.isEmpty ? JSONSchema.ref(request).json
                        : ["allOf": [JSONSchema.ref(request).json, ["required": requires] as [String: any Sendable]]]]],
                ] as [String: any Sendable]
            } else if route.uploadLimit != nil {
                // Uploads are files (CSV, or any file where the route says so) sent as the whole body.
                operation["requestBody"] = [
                    "required": true,
                    "content": [route.uploadMediaType: ["schema": ["type": "string", "format": "binary"] as [String: any Sendable]]],
                ] as [String: any Sendable]
            }
            var responses: [String: any Sendable] = [:]
            for response in route.responses {
                var entry: [String: any Sendable] = ["description": response.description]
                var content: [String: any Sendable] = [:]
                if let schema = response.schemaName { content[response.contentType] = ["schema": JSONSchema.ref(schema).json] as [String: any Sendable] }
                for (type, schema) in response.alternatives { content[type] = ["schema": JSONSchema.ref(schema).json] as [String: any Sendable] }
                if !content.isEmpty { entry["content"] = content }
                responses[String(response.status.code)] = entry
            }
            // A list that starts from a saved segment answers 404 for one that does not exist or is not the caller's.
            if route.query.contains(where: { $0.name == "segment_id" }), responses["404"] == nil {
                responses["404"] = ["description": "No such segment", "content": ["application/json": ["schema": JSONSchema.ref(ErrorBody.schemaName).json]]] as [String: any Sendable]
            }
            operation["responses"] = responses
            if route.access != .anyone { operation["security"] = [["bearer": [String]()] as [String: any Sendable]] }
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Guanxi CRM API",
                "version": "1.0.0",
                "description": "Every error is {\"error\": {\"code\", \"message\", \"fields\"}}. Lists take ?limit= and ?after= and answer {\"items\", \"next\"}. PATCH bodies carry the version that was read; a stale one gets 409.",
            ] as [String: any Sendable],
            "servers": [["url": "/api/v1"] as [String: any Sendable]],
            "paths": paths,
            "components": [
                "schemas": Dictionary(uniqueKeysWithValues: components.map { ($0.0, $0.1.json as any Sendable) }),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"] as [String: any Sendable]],
            ] as [String: any Sendable],
        ]
    }

    static func pathParameterNames(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    static func data(routes: [APIRoute], components: [(String, JSONSchema)]) throws -> Data {
        try JSONSerialization.data(withJSONObject: build(routes: routes, components: components), options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
