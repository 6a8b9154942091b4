import Foundation
import GuanxiCore
import Vapor

/// Typed query parameters, read strictly: a value the server does not understand is a 400 naming the parameter,
/// never a filter dropped or guessed.
extension Request {
    /// A record id: a whole number from 1 to 2^63 − 1.
    func idQuery(_ name: String) throws -> Int64? {
        guard let text = try strictQuery()[name] else { return nil }
        guard let id = Int64(text), id > 0 else {
            throw RequestProblem.badQuery(name: name, message: localizer.message(for: .mustBeInteger))
        }
        return id
    }

    /// A day, YYYY-MM-DD.
    func dayQuery(_ name: String) throws -> String? {
        guard let text = try strictQuery()[name] else { return nil }
        guard DayParser.parse(text) != nil else {
            throw RequestProblem.badQuery(name: name, message: localizer.message(for: .invalidDate))
        }
        return text
    }

    /// One of an enumeration's values.
    func choiceQuery<Value: RawRepresentable & CaseIterable>(_ name: String, _ type: Value.Type) throws -> Value? where Value.RawValue == String {
        guard let text = try strictQuery()[name] else { return nil }
        guard let value = Value(rawValue: text) else {
            throw RequestProblem.badQuery(name: name, message: localizer.message(for: .notOneOf(Value.allCases.map(\.rawValue))))
        }
        return value
    }
}

extension APIRoute.Parameter {
    static func id(_ name: String, _ description: String) -> Self {
        .init(name: name, description: description, schema: .integer(minimum: 1))
    }

    /// A parameter the operation needs.
    static func required(_ name: String, _ description: String, _ schema: JSONSchema) -> Self {
        .init(name: name, description: description, schema: schema, isRequired: true)
    }

    /// The `to` day of a period: not before `from`, at most `days` after it.
    static func lastDay(_ description: String, days: Int) -> Self {
        .init(name: "to", description: description, schema: .day, rule: "not before from, at most \(days) days after it")
    }

    static func day(_ name: String, _ description: String) -> Self {
        .init(name: name, description: description, schema: .day)
    }

    static func choice<Value: RawRepresentable & CaseIterable>(_ name: String, _ description: String, _ type: Value.Type) -> Self
    where Value.RawValue == String {
        .init(name: name, description: description, schema: .enumeration(Value.allCases.map(\.rawValue)))
    }
}
