import Foundation
import GuanxiCore
import Vapor

/// Why a value does not fit its published schema.
enum SchemaIssue: Equatable, Sendable {
    case problem(FieldProblem)
    case wrongType(String)
    case unknownField
    case nullNotAllowed
    case invalidCursor

    func message(_ l: Localizer) -> String {
        switch self {
        case .problem(let problem): l.message(for: problem)
        case .wrongType(let expected): l(.fpWrongType, ["expected": expected])
        case .unknownField: l[.fpUnknownField]
        case .nullNotAllowed: l[.fpNullNotAllowed]
        case .invalidCursor: l[.fpInvalidCursor]
        }
    }
}

/// Checks JSON values (as `JSONSerialization` reads them) and query texts against the schemas the OpenAPI document
/// publishes, so the server refuses exactly what the document forbids, and names every field at once.
struct SchemaValidator {
    /// The component schemas a `$ref` names.
    let components: [String: JSONSchema]

    static let api = SchemaValidator(components: Dictionary(GuanxiAPI.components, uniquingKeysWith: { first, _ in first }))

    /// Every issue of `value`, keyed by its path (`lines.0.quantity`; the path itself for a top-level value).
    func issues(of value: Any, against schema: JSONSchema, at path: String = "") -> [String: SchemaIssue] {
        var found: [String: SchemaIssue] = [:]
        check(value, schema, path, &found)
        return found
    }

    private func check(_ value: Any, _ schema: JSONSchema, _ path: String, _ found: inout [String: SchemaIssue]) {
        func note(_ issue: SchemaIssue) { if found[path] == nil { found[path] = issue } }
        if value is NSNull {
            switch schema {
            case .nullable: return
            case .ref(let name): if let resolved = components[name] { check(value, resolved, path, &found) } else { note(.nullNotAllowed) }
            default: note(.nullNotAllowed)
            }
            return
        }
        switch schema {
        case .nullable(let inner):
            check(value, inner, path, &found)
        case .ref(let name):
            if let resolved = components[name] { check(value, resolved, path, &found) }
        case .anyObject:
            if !(value is [String: Any]) { note(.wrongType("object")) }
        case .object(let properties, let required):
            guard let object = value as? [String: Any] else { return note(.wrongType("object")) }
            let names = Set(properties.map(\.name))
            for key in object.keys where !names.contains(key) { found[join(path, key)] = .unknownField }
            for name in required where object[name] == nil { found[join(path, name)] = .problem(.required) }
            for property in properties {
                if let item = object[property.name] { check(item, property.schema, join(path, property.name), &found) }
            }
        case .map(let values, let keys, let maxProperties):
            guard let object = value as? [String: Any] else { return note(.wrongType("object")) }
            if let maxProperties, object.count > maxProperties { return note(.problem(.tooMany(maximum: maxProperties))) }
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                if let keys, let issue = issues(of: key, against: keys, at: "").values.first { return note(issue) }
                var inner: [String: SchemaIssue] = [:]
                check(item, values, "", &inner)
                if let issue = inner.values.first { return note(issue) }
            }
        case .array(let items, let minItems, let maxItems):
            guard let array = value as? [Any] else { return note(.wrongType("array")) }
            if let minItems, array.count < minItems { return note(.problem(minItems == 1 ? .required : .tooShort(minimum: minItems))) }
            if let maxItems, array.count > maxItems { return note(.problem(.tooMany(maximum: maxItems))) }
            guard describesObjects(items) else {
                // A list of plain values (tags) is one field to its user: the first refused value is named under it.
                for item in array {
                    var inner: [String: SchemaIssue] = [:]
                    check(item, items, "", &inner)
                    if let issue = inner.values.first { return note(issue) }
                }
                return
            }
            for (index, item) in array.enumerated() { check(item, items, join(path, String(index)), &found) }
        case .string:
            guard let text = value as? String else { return note(.wrongType("string")) }
            if let issue = Self.issue(ofText: text, schema) { note(issue) }
        case .enumeration(let values):
            guard let text = value as? String else { return note(.wrongType("string")) }
            if !values.contains(text) { note(.problem(.notOneOf(values))) }
        case .boolean:
            if JSONNumber(value) != .boolean { note(.wrongType("boolean")) }
        case .integer(let minimum, let maximum):
            switch JSONNumber(value) {
            case .integer(let number): if let issue = Self.issue(ofInteger: number, minimum, maximum) { note(issue) }
            case .fraction(let fraction, _) where fraction.rounded() == fraction && abs(fraction) < 9.2e18:
                if let issue = Self.issue(ofInteger: Int64(fraction), minimum, maximum) { note(issue) }
            case .fraction, .tooLarge: note(.problem(.mustBeInteger))
            default: note(.wrongType("integer"))
            }
        case .number:
            switch JSONNumber(value) {
            case .integer, .fraction, .tooLarge: break
            default: note(.wrongType("number"))
            }
        case .decimal(let places, let minimum, let maximum, let exclusive):
            let number: Double, text: String
            switch JSONNumber(value) {
            case .integer(let whole): (number, text) = (Double(whole), String(whole))
            case .fraction(let fraction, let written), .tooLarge(let fraction, let written): (number, text) = (fraction, written)
            default: return note(.wrongType("number"))
            }
            if let issue = Self.issue(ofDecimal: number, text: text, places, minimum, maximum, exclusive) { note(issue) }
        case .anyOf(let schemas):
            var first: [String: SchemaIssue]?
            for option in schemas {
                var inner: [String: SchemaIssue] = [:]
                check(value, option, path, &inner)
                if inner.isEmpty { return }
                if first == nil { first = inner }
            }
            for (key, issue) in first ?? [:] where found[key] == nil { found[key] = issue }
        }
    }

    /// `value` with the values at `paths` replaced by stand-ins their schemas take, unknown keys left out and missing
    /// required ones filled in.
    func replacing(_ paths: Set<String>, in value: Any, _ schema: JSONSchema, at path: String = "") -> Any {
        if !path.isEmpty, paths.contains(path) { return standIn(schema) }
        switch schema {
        case .nullable(let inner): return value is NSNull ? value : replacing(paths, in: value, inner, at: path)
        case .ref(let name): return components[name].map { replacing(paths, in: value, $0, at: path) } ?? value
        case .object(let properties, let required):
            guard let object = value as? [String: Any] else { return value }
            var out: [String: Any] = [:]
            for property in properties {
                if let item = object[property.name] {
                    out[property.name] = replacing(paths, in: item, property.schema, at: join(path, property.name))
                } else if required.contains(property.name) || paths.contains(join(path, property.name)) {
                    out[property.name] = standIn(property.schema)
                }
            }
            return out
        case .array(let items, _, _):
            guard let array = value as? [Any] else { return value }
            return array.enumerated().map { replacing(paths, in: $0.element, items, at: join(path, String($0.offset))) }
        default:
            return value
        }
    }

    /// A value `schema` takes: the least one, as far as that can be told.
    func standIn(_ schema: JSONSchema) -> Any {
        switch schema {
        case .nullable: return NSNull()
        case .ref(let name): return components[name].map(standIn) ?? NSNull()
        case .object(let properties, let required):
            return Dictionary(uniqueKeysWithValues: properties.filter { required.contains($0.name) }.map { ($0.name, standIn($0.schema)) })
        case .map, .anyObject: return [String: Any]()
        case .array(let items, let minItems, _): return (minItems ?? 0) > 0 ? [standIn(items)] : []
        case .string(let format, let minLength, _, let pattern):
            switch format {
            case "email": return "someone@example.com"
            case "date": return "2000-01-01"
            case "date-time": return "2000-01-01T00:00:00Z"
            default: break
            }
            switch pattern {
            case .month: return "2000-01"
            case .username: return "someone"
            case .phone: return "000"
            case .channelCode: return "direct"
            default: return String(repeating: "x", count: max(minLength ?? 0, pattern == .name || pattern == .code ? 1 : 0))
            }
        case .enumeration(let values): return values.first ?? ""
        case .integer(let minimum, let maximum):
            let low = minimum ?? Int(Int64.min), high = maximum ?? Int(Int64.max)
            return low <= 1 && 1 <= high ? 1 : low
        case .decimal(let places, let minimum, let maximum, let exclusive):
            // A whole one where it fits, which every decoder of amounts and quantities reads as written.
            let low = minimum ?? 0
            if (exclusive ? 1 > low : 1 >= low) && 1 <= (maximum ?? .infinity) { return 1 }
            return low + (exclusive ? pow(10, -Double(places)) : 0)
        case .number: return 0
        case .boolean: return false
        case .anyOf(let options): return options.first.map(standIn) ?? NSNull()
        }
    }

    /// `value` with every whole number written with a fraction (`3.0`) where the schema takes an integer turned
    /// into an integer, which is what JSON Schema takes it for; nil when there is none.
    func wholeNumbers(in value: Any, _ schema: JSONSchema) -> Any? {
        switch schema {
        case .nullable(let inner): return wholeNumbers(in: value, inner)
        case .ref(let name): return components[name].flatMap { wholeNumbers(in: value, $0) }
        case .integer:
            if case .fraction(let fraction, _) = JSONNumber(value), fraction.rounded() == fraction, abs(fraction) < 9.2e18 { return Int64(fraction) }
            return nil
        case .object(let properties, _):
            guard var object = value as? [String: Any] else { return nil }
            var changed = false
            for property in properties {
                if let item = object[property.name], let whole = wholeNumbers(in: item, property.schema) { object[property.name] = whole; changed = true }
            }
            return changed ? object : nil
        case .array(let items, _, _):
            guard var array = value as? [Any] else { return nil }
            var changed = false
            for index in array.indices {
                if let whole = wholeNumbers(in: array[index], items) { array[index] = whole; changed = true }
            }
            return changed ? array : nil
        default:
            return nil
        }
    }

    private func describesObjects(_ schema: JSONSchema) -> Bool {
        switch schema {
        case .object, .anyObject: true
        case .nullable(let inner): describesObjects(inner)
        case .ref(let name): components[name].map(describesObjects) ?? false
        default: false
        }
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func issue(ofInteger number: Int64, _ minimum: Int?, _ maximum: Int?) -> SchemaIssue? {
        let low = Int64(minimum ?? Int(Int64.min)), high = Int64(maximum ?? Int(Int64.max))
        guard number < low || number > high else { return nil }
        if maximum == nil, minimum == 1 { return .problem(.mustBePositive) }
        return .problem(.outOfRange(minimum: Int(low), maximum: Int(high)))
    }

    static func issue(ofDecimal number: Double, text: String, _ places: Int, _ minimum: Double?, _ maximum: Double?,
                      _ exclusive: Bool) -> SchemaIssue? {
        if let minimum, exclusive ? number <= minimum : number < minimum {
            return .problem(minimum == 0 && exclusive ? .mustBePositive : .outOfRange(minimum: Int(minimum), maximum: Int(maximum ?? 0)))
        }
        if let maximum, number > maximum { return .problem(.tooLarge(maximum: DecimalUnits.format(Int64(maximum), decimals: 0))) }
        return DecimalUnits.parse(text, decimals: places) == nil ? .problem(.tooManyDecimals(places)) : nil
    }

    /// The issue of a text against a string schema: its length, its characters, then its format.
    static func issue(ofText text: String, _ schema: JSONSchema) -> SchemaIssue? {
        guard case .string(let format, let minLength, let maxLength, let pattern) = schema else { return nil }
        let length = text.unicodeScalars.count
        if let minLength, length < minLength { return .problem(minLength == 1 ? .required : .tooShort(minimum: minLength)) }
        if let maxLength, length > maxLength { return .problem(.tooLong(maximum: maxLength)) }
        if let pattern, !pattern.matches(text) { return pattern.issue }
        switch format {
        case "email": if !EmailAddress.isValid(text) { return .problem(.invalidEmail) }
        case "date": if !APIDates.isDay(text) { return .problem(.invalidDate) }
        case "date-time": if APIDates.parse(text) == nil { return .problem(.invalidDate) }
        default: break
        }
        return nil
    }

    /// The issue of a query parameter's text against its schema; nil when it fits.
    func issue(ofQueryValue text: String, _ schema: JSONSchema) -> SchemaIssue? {
        switch schema {
        case .integer(let minimum, let maximum):
            guard let number = Int64(text), text.first != "+" else { return .problem(.mustBeInteger) }
            return Self.issue(ofInteger: number, minimum, maximum)
        case .boolean:
            return QueryString.boolean(text) == nil ? .problem(.notBoolean) : nil
        case .enumeration(let values):
            return values.contains(text) ? nil : .problem(.notOneOf(values))
        case .string:
            return Self.issue(ofText: text, schema)
        case .anyOf(let schemas):
            let issues = schemas.map { issue(ofQueryValue: text, $0) }
            return issues.contains { $0 == nil } ? nil : issues.first ?? nil
        case .ref(let name):
            return components[name].flatMap { issue(ofQueryValue: text, $0) }
        default:
            return nil
        }
    }
}

/// A JSON value as `JSONSerialization` reads it, told apart the way JSON Schema tells them apart.
enum JSONNumber: Equatable {
    case boolean
    case integer(Int64)
    /// A number with a fraction or an exponent, with the shortest text that reads back as it.
    case fraction(Double, String)
    /// A whole number beyond Int64.
    case tooLarge(Double, String)
    case notANumber

    init(_ value: Any) {
        guard let number = value as? NSNumber, !(value is String) else { self = .notANumber; return }
        let type = String(cString: number.objCType)
        if type == "c" { self = .boolean; return }
        if let decimal = number as? NSDecimalNumber {
            if let whole = Int64(decimal.stringValue) { self = .integer(whole) } else { self = .tooLarge(decimal.doubleValue, decimal.stringValue) }
            return
        }
        switch type {
        case "d", "f":
            let double = number.doubleValue
            // Swift writes the shortest text that reads back as the double; an exponent is spelled out in digits.
            var text = "\(double)"
            if text.contains("e") { text = Decimal(double).description }
            self = .fraction(double, text)
        case "Q":
            self = .tooLarge(number.doubleValue, number.stringValue)
        default:
            self = .integer(number.int64Value)
        }
    }
}

extension Request {
    /// Refuses a query string whose declared parameters do not fit their published schemas: a 400 naming the first.
    func checkQuery(against parameters: [APIRoute.Parameter]) throws {
        guard !parameters.isEmpty else { return }
        let values = try strictQuery()
        for parameter in parameters.sorted(by: { $0.name < $1.name }) {
            guard let text = values[parameter.name] else {
                if parameter.isRequired { throw RequestProblem.badQuery(name: parameter.name, message: localizer.message(for: .required)) }
                continue
            }
            if let issue = SchemaValidator.api.issue(ofQueryValue: text, parameter.schema) {
                throw RequestProblem.badQuery(name: parameter.name, message: issue.message(localizer))
            }
        }
    }
}
