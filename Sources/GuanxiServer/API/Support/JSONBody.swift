import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// A request body type that lists the keys it accepts, so typos are refused instead of silently ignored.
public protocol JSONRequestBody: Decodable, SchemaDescribed {
    static var acceptedKeys: Set<String> { get }
}

extension Request {
    /// Decodes a JSON body strictly: 415 for another content type, 400 for broken JSON,
    /// 422 naming the field for a missing, mistyped or unknown field.
    public func decodeJSON<Body: JSONRequestBody>(_ type: Body.Type) throws -> Body {
        guard let contentType = headers.contentType, contentType.type == "application",
              contentType.subType == "json" || contentType.subType.hasSuffix("+json")
        else { throw RequestProblem.unsupportedMediaType }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw RequestProblem.malformedJSON(detail: "empty body")
        }
        // The router's streaming limit does not apply to bodies that arrive already collected.
        guard buffer.readableBytes <= Self.maximumJSONBodyBytes else { throw Abort(.payloadTooLarge) }
        let data = Data(buffer.readableBytesView)
        guard JSONNesting.isWithinLimit(buffer.readableBytesView) else {
            throw RequestProblem.malformedJSON(detail: "nested deeper than \(JSONNesting.maximumDepth) levels")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw RequestProblem.malformedJSON(detail: (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "syntax error")
        }
        guard let dictionary = object as? [String: Any] else {
            throw RequestProblem.malformedJSON(detail: "the body must be a JSON object")
        }
        let l = localizer
        // The body is held to the schema the document publishes, every field at once: unknown, missing, null where
        // the field takes none, of the wrong type, too long, malformed or out of range.
        var issues = SchemaValidator.api.issues(of: dictionary, against: Body.schema)
        for key in dictionary.keys where !Body.acceptedKeys.contains(key) { issues[key] = .unknownField }
        for name in apiRoute?.bodyRequires(Body.schema) ?? [] where dictionary[name] == nil { issues[name] = .problem(.required) }
        if !issues.isEmpty {
            // The operation still reads the body, each refused value replaced by one its schema takes, so that its own
            // rules name their fields too; the request's write gate is closed, so nothing is written (APIBuilder).
            let messages = issues.mapValues { $0.message(l) }
            guard let gate = WriteGate.current, apiRoute != nil,
                  let standing = SchemaValidator.api.replacing(Set(issues.keys), in: dictionary, Body.schema) as? [String: Any],
                  let data = try? JSONSerialization.data(withJSONObject: standing),
                  let body = try? JSONDecoder.api.decode(Body.self, from: data)
            else { throw RequestProblem.badFields(messages) }
            gate.close()
            refusedFields = messages
            return body
        }
        var body = data
        if let whole = SchemaValidator.api.wholeNumbers(in: dictionary, Body.schema), let rewritten = try? JSONSerialization.data(withJSONObject: whole) {
            body = rewritten
        }
        do {
            return try JSONDecoder.api.decode(Body.self, from: body)
        } catch let error as DecodingError {
            var messages = Self.fieldMessages(for: error, localizer: l)
            if messages.keys.contains("") {
                // A number that is no whole Int64 or a text that is no ISO 8601 time fails below the body's keys,
                // where the decoder keeps no path. Numbers are found by their value (every one of them is named);
                // otherwise the field whose removal cures the error is the one to name.
                let text = messages[""] ?? ""
                let isDate = text.contains("ISO8601")
                let numbers = isDate ? [] : dictionary.keys.filter { Self.isNumberButNoInt64(dictionary[$0]) }
                let fields = numbers.isEmpty ? Self.culprit(of: Body.self, in: dictionary).map { [$0] } ?? [] : numbers
                if !fields.isEmpty {
                    let message = isDate ? l.message(for: .invalidDate) : l.message(for: .mustBeInteger)
                    messages = Dictionary(uniqueKeysWithValues: fields.map { ($0, message) })
                }
            }
            throw RequestProblem.badFields(messages)
        }
    }

    /// The top-level key without which `dictionary` no longer fails to decode as `Body` the same pathless way.
    private static func culprit<Body: Decodable>(of body: Body.Type, in dictionary: [String: Any]) -> String? {
        for key in dictionary.keys.sorted() {
            var reduced = dictionary
            reduced[key] = nil
            guard let data = try? JSONSerialization.data(withJSONObject: reduced) else { continue }
            do {
                _ = try JSONDecoder.api.decode(Body.self, from: data)
                return key
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                continue
            } catch DecodingError.keyNotFound {
                // Removing a required key fails for its own reason; that is no cure of the error looked for.
                continue
            } catch {
                return key
            }
        }
        return nil
    }

    /// A JSON number that no Int64 holds exactly (a fraction, an exponent, or past ±2^63). The value is written
    /// back as JSON and read as an Int64, which is how the body decoder sees it.
    private static func isNumberButNoInt64(_ value: Any?) -> Bool {
        guard let value, let data = try? JSONSerialization.data(withJSONObject: [value]) else { return false }
        let text = String(decoding: data, as: UTF8.self).dropFirst().dropLast()
        guard let first = text.first, first == "-" || first.isNumber else { return false }
        return Int64(text) == nil
    }

    /// The largest JSON body the API accepts (1 MiB).
    public static let maximumJSONBodyBytes = 1 << 20

    private static func fieldMessages(for error: DecodingError, localizer l: Localizer) -> [String: String] {
        func name(_ path: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = path + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return [name(context.codingPath, key): l[.fpRequired]]
        case .valueNotFound(_, let context):
            return [name(context.codingPath): l[.fpRequired]]
        case .typeMismatch(let type, let context):
            return [name(context.codingPath): l(.fpWrongType, ["expected": Self.jsonTypeName(type)])]
        case .dataCorrupted(let context):
            let message = switch context.debugDescription {
            case APIDates.notADate: l.message(for: .invalidDate)
            case MoneyValue.notAnAmount: l.message(for: .invalidAmount)
            case ThreeDecimals.notice: l.message(for: .tooManyDecimals(3))
            case TwoDecimals.notice: l.message(for: .tooManyDecimals(2))
            case LineInputBody.unknownField: l[.fpUnknownField]
            case APIDates.outOfRange: l.message(for: .yearOutOfRange(minimum: APIDates.firstYear, maximum: APIDates.lastYear))
            default: context.debugDescription
            }
            return [name(context.codingPath): message]
        @unknown default:
            return ["body": l[.errBadRequest]]
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: "string"
        case is Int.Type, is Int64.Type, is Int?.Type, is Int64?.Type: "integer"
        case is Bool.Type, is Bool?.Type: "boolean"
        case is Double.Type: "number"
        default: "\(type)"
        }
    }

    /// This request's query parameters, read strictly (`QueryString`): broken percent-encoding or a parameter given
    /// twice is a 400 naming it, never a value guessed at or a filter dropped.
    public func strictQuery() throws -> [String: String] {
        let (parameters, problems) = QueryString.parameters(url.query ?? "")
        if let (name, problem) = problems.problems.sorted(by: { $0.key < $1.key }).first {
            throw RequestProblem.badQuery(name: name, message: localizer.message(for: problem))
        }
        return parameters
    }

    /// A yes/no query parameter: `true`, `false`, or nil when absent; anything else is a 400 naming it.
    public func booleanQuery(_ name: String) throws -> Bool? {
        guard let text = try strictQuery()[name] else { return nil }
        guard let value = QueryString.boolean(text) else {
            throw RequestProblem.badQuery(name: name, message: localizer.message(for: .notBoolean))
        }
        return value
    }

    /// `?limit=` (1…500, default 50) and `?after=` of a keyset-paginated list.
    public func pageRequest() throws -> (cursor: PageCursor?, limit: Int) {
        var limit = PageCursor.defaultLimit
        if let text = query[String.self, at: "limit"] {
            guard let value = Int(text), (1...PageCursor.maximumLimit).contains(value) else {
                throw RequestProblem.badQuery(name: "limit", message: "must be a whole number from 1 to \(PageCursor.maximumLimit)")
            }
            limit = value
        }
        var cursor: PageCursor?
        if let token = query[String.self, at: "after"], !token.isEmpty {
            guard let decoded = PageCursor(token: token) else {
                throw RequestProblem.badQuery(name: "after", message: localizer[.fpInvalidCursor])
            }
            cursor = decoded
        }
        return (cursor, limit)
    }

    /// A positive integer path parameter such as `{id}`; anything else is a 404, as no such record exists.
    public func idParameter(_ name: String = "id") throws -> Int64 {
        guard let text = parameters.get(name), let id = Int64(text), id > 0 else {
            throw GuanxiError.notFound(entity: "record")
        }
        return id
    }
}

extension JSONDecoder {
    /// The API's JSON conventions: snake_case keys are spelled out in CodingKeys; dates are ISO 8601.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = APIDates.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: APIDates.notADate))
            }
            // The year as written, as the document's pattern states it.
            guard TextPattern.year.matches(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: APIDates.outOfRange))
            }
            return date
        }
        return decoder
    }
}

extension JSONEncoder {
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension Response {
    /// A JSON response in the API's conventions.
    public static func json<Body: Encodable>(_ body: Body, status: HTTPStatus = .ok) throws -> Response {
        let data = try JSONEncoder.api.encode(body)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: data))
    }
}

/// The times the API takes: ISO 8601 / RFC 3339 with a time zone, in the years 1900 to 2200. A five-digit year or
/// the year 1 is a typing error, not a date to store and echo back.
enum APIDates {
    static let firstYear = 1900, lastYear = 2200
    /// From 1900-01-01T00:00:00Z up to, not including, 2201-01-01T00:00:00Z.
    static let accepted = Date(timeIntervalSince1970: -2_208_988_800)..<Date(timeIntervalSince1970: 7_289_654_400)
    static let notADate = "guanxi: not an ISO 8601 time"
    static let outOfRange = "guanxi: year out of range"
}

/// How deep a JSON body may nest. No body the API takes goes past four levels; a deeper one is refused before it
/// is parsed, so a body of a million brackets costs one pass over its bytes and nothing more.
enum JSONNesting {
    static let maximumDepth = 32

    /// Whether the arrays and objects of `bytes` nest at most `limit` deep (brackets inside strings not counted).
    static func isWithinLimit<Bytes: Sequence>(_ bytes: Bytes, limit: Int = maximumDepth) -> Bool where Bytes.Element == UInt8 {
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return false }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return true
    }
}
