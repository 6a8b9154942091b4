import Foundation

/// A small JSON Schema (OpenAPI 3.1 dialect) vocabulary, enough to describe every API body exactly.
public indirect enum JSONSchema: Sendable {
    case object([(name: String, schema: JSONSchema)], required: [String])
    /// An object whose values all share one schema (e.g. `fields` of an error).
    /// `keys`: what the names must be; `maxProperties`: how many at most.
    case map(JSONSchema, keys: JSONSchema? = nil, maxProperties: Int? = nil)
    case array(JSONSchema, minItems: Int? = nil, maxItems: Int? = nil)
    /// Lengths count Unicode code points, as JSON Schema does.
    case string(format: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: TextPattern? = nil)
    case enumeration([String])
    /// Bounds default to the whole Int64 range, which the document states.
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    case number
    /// A decimal number with at most `places` decimals (money: 2), within the bounds.
    case decimal(places: Int, minimum: Double? = nil, maximum: Double? = nil, exclusiveMinimum: Bool = false)
    /// Any one of the schemas (e.g. a day or a time, an e-mail address or nothing).
    case anyOf([JSONSchema])
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
        case .map(let value, let keys, let maxProperties):
            var out: [String: any Sendable] = ["type": "object", "additionalProperties": value.json]
            if let keys { out["propertyNames"] = keys.json }
            if let maxProperties { out["maxProperties"] = maxProperties }
            return out
        case .array(let items, let minItems, let maxItems):
            var out: [String: any Sendable] = ["type": "array", "items": items.json]
            if let minItems { out["minItems"] = minItems }
            if let maxItems { out["maxItems"] = maxItems }
            return out
        case .string(let format, let minLength, let maxLength, let pattern):
            var out: [String: any Sendable] = ["type": "string"]
            if let format { out["format"] = format }
            if let minLength, minLength > 0 { out["minLength"] = minLength }
            if let maxLength { out["maxLength"] = maxLength }
            if let pattern { out["pattern"] = pattern.regex }
            return out
        case .enumeration(let values):
            return ["type": "string", "enum": values]
        case .integer(let minimum, let maximum):
            return ["type": "integer", "format": "int64", "minimum": minimum ?? Int(Int64.min), "maximum": maximum ?? Int(Int64.max)]
        case .number:
            return ["type": "number"]
        case .decimal(let places, let minimum, let maximum, let exclusiveMinimum):
            var out: [String: any Sendable] = ["type": "number", "multipleOf": pow(10, -Double(places))]
            if let minimum { out[exclusiveMinimum ? "exclusiveMinimum" : "minimum"] = minimum }
            if let maximum { out["maximum"] = maximum }
            return out
        case .anyOf(let schemas):
            return ["anyOf": schemas.map { $0.json as any Sendable }]
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
