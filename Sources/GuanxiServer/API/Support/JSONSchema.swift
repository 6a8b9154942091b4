/// A small JSON Schema (OpenAPI 3.1 dialect) vocabulary, enough to describe every API body exactly.
public indirect enum JSONSchema: Sendable {
    case object([(name: String, schema: JSONSchema)], required: [String])
    /// An object whose values all share one schema (e.g. `fields` of an error).
    case map(JSONSchema)
    case array(JSONSchema)
    case string(format: String? = nil)
    case enumeration([String])
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    case number
    case boolean
    case nullable(JSONSchema)
    case ref(String)
    /// Any JSON object (used for the OpenAPI document itself).
    case anyObject

    /// The schema as a JSON-compatible dictionary.
    public var json: [String: any Sendable] {
        switch self {
        case .object(let properties, let required):
            var out: [String: any Sendable] = [
                "type": "object",
                "properties": Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema.json as any Sendable) }),
                "additionalProperties": false,
            ]
            if !required.isEmpty { out["required"] = required }
            return out
        case .map(let value):
            return ["type": "object", "additionalProperties": value.json]
        case .array(let items):
            return ["type": "array", "items": items.json]
        case .string(let format):
            var out: [String: any Sendable] = ["type": "string"]
            if let format { out["format"] = format }
            return out
        case .enumeration(let values):
            return ["type": "string", "enum": values]
        case .integer(let minimum, let maximum):
            var out: [String: any Sendable] = ["type": "integer", "format": "int64"]
            if let minimum { out["minimum"] = minimum }
            if let maximum { out["maximum"] = maximum }
            return out
        case .number:
            return ["type": "number"]
        case .boolean:
            return ["type": "boolean"]
        case .nullable(let inner):
            return ["oneOf": [inner.json, ["type": "null"] as [String: any Sendable]] as [any Sendable]]
        case .ref(let name):
            return ["$ref": "#/components/schemas/\(name)"]
        case .anyObject:
            return ["type": "object"]
        }
    }
}

/// A type whose JSON form is described in the OpenAPI document under `schemaName`.
public protocol SchemaDescribed {
    static var schemaName: String { get }
    static var schema: JSONSchema { get }
}
