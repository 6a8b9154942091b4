import Foundation
import GuanxiCore

/// A JSON object key named at run time: the name in a field list.
struct JSONKey: CodingKey {
    let stringValue: String
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// One field of a record's JSON form, named once: its key, its schema, how a response writes it and, for a field
/// clients may send, how a create body and a patch body read it.
struct JSONField<Output, Draft, Changes>: Sendable {
    typealias Reader<Target> = @Sendable (KeyedDecodingContainer<JSONKey>, JSONKey, inout Target, inout FieldProblems) throws -> Void

    let name: String
    let schema: JSONSchema
    let write: @Sendable (Output, inout KeyedEncodingContainer<JSONKey>, JSONKey) throws -> Void
    /// How a create body reads the field; nil for a field only the server sets.
    var create: Reader<Draft>? = nil
    /// How a patch body reads the field.
    var change: Reader<Changes>? = nil
    /// A create body must carry it.
    var requiredOnCreate = false
    /// One of named values; a patch reads these first.
    var isChoice = false
}

extension JSONField {
    /// A field only the server sets.
    static func output<Value: Encodable & Sendable>(_ name: String, _ schema: JSONSchema,
                                                    _ value: any KeyPath<Output, Value> & Sendable) -> Self {
        Self(name: name, schema: schema, write: { output, c, key in try c.encode(output[keyPath: value], forKey: key) })
    }

    /// A field only the server sets, null when absent.
    static func output<Value: Encodable & Sendable>(_ name: String, nullable schema: JSONSchema,
                                                    _ value: any KeyPath<Output, Value?> & Sendable) -> Self {
        Self(name: name, schema: .nullable(schema), write: { output, c, key in
            if let present = output[keyPath: value] { try c.encode(present, forKey: key) } else { try c.encodeNil(forKey: key) }
        })
    }

    /// A value written and read as it is; absent from a create body it keeps the draft's default.
    static func value<Value: Codable & Sendable>(
        _ name: String, _ schema: JSONSchema, _ value: any KeyPath<Output, Value> & Sendable,
        draft: any WritableKeyPath<Draft, Value> & Sendable, change: any WritableKeyPath<Changes, Value?> & Sendable, required: Bool = false
    ) -> Self {
        Self(name: name, schema: schema, write: { output, c, key in try c.encode(output[keyPath: value], forKey: key) },
             create: { c, key, target, _ in
                 if required { target[keyPath: draft] = try c.decode(Value.self, forKey: key) }
                 else if let read = try c.decodeIfPresent(Value.self, forKey: key) { target[keyPath: draft] = read }
             },
             change: { c, key, target, _ in target[keyPath: change] = try c.decodeIfPresent(Value.self, forKey: key) },
             requiredOnCreate: required)
    }

    /// An optional value, null when absent; a patch clears it with null and leaves it alone when the key is missing.
    static func nullable<Value: Codable & Sendable>(
        _ name: String, _ schema: JSONSchema, _ value: any KeyPath<Output, Value?> & Sendable,
        draft: any WritableKeyPath<Draft, Value?> & Sendable, change: any WritableKeyPath<Changes, Value??> & Sendable
    ) -> Self {
        var field = output(name, nullable: schema, value)
        field.create = { c, key, target, _ in target[keyPath: draft] = try c.decodeIfPresent(Value.self, forKey: key) }
        field.change = { c, key, target, _ in
            if c.contains(key) { target[keyPath: change] = .some(try c.decodeIfPresent(Value.self, forKey: key)) }
        }
        return field
    }

    /// One of an enumeration's raw values; another text is refused with the list of them.
    static func choice<Value: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ value: any KeyPath<Output, Value> & Sendable,
        draft: any WritableKeyPath<Draft, Value> & Sendable, change: any WritableKeyPath<Changes, Value?> & Sendable
    ) -> Self where Value.RawValue == String {
        let values = Value.allCases.map(\.rawValue)
        @Sendable func read(_ c: KeyedDecodingContainer<JSONKey>, _ key: JSONKey, _ problems: inout FieldProblems) throws -> Value? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            if let chosen = Value(rawValue: text) { return chosen }
            problems[key.stringValue] = .notOneOf(values)
            return nil
        }
        return Self(name: name, schema: .enumeration(values),
                    write: { output, c, key in try c.encode(output[keyPath: value].rawValue, forKey: key) },
                    create: { c, key, target, problems in if let chosen = try read(c, key, &problems) { target[keyPath: draft] = chosen } },
                    change: { c, key, target, problems in if let chosen = try read(c, key, &problems) { target[keyPath: change] = chosen } },
                    isChoice: true)
    }
}

/// A record's fields in the order the schema lists them: the one place their names are written.
struct JSONFieldList<Output, Draft, Changes>: Sendable {
    typealias Field = JSONField<Output, Draft, Changes>
    let fields: [Field]

    init(_ fields: [Field]) { self.fields = fields }

    /// The fields clients may send.
    var inputs: [Field] { fields.filter { $0.create != nil } }
    var inputNames: [String] { inputs.map(\.name) }
    var inputProperties: [(name: String, schema: JSONSchema)] { inputs.map { ($0.name, $0.schema) } }
    var requiredOnCreate: [String] { inputs.filter(\.requiredOnCreate).map(\.name) }

    /// The response's schema: every key is always written, so every key is required.
    var schema: JSONSchema { .object(fields.map { ($0.name, $0.schema) }, required: fields.map(\.name)) }

    func encode(_ output: Output, to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        for field in fields { try field.write(output, &c, JSONKey(field.name)) }
    }

    /// Reads a create body's fields over `draft`, in the list's order.
    func read(_ c: KeyedDecodingContainer<JSONKey>, into draft: inout Draft, _ problems: inout FieldProblems) throws {
        for field in inputs { try field.create?(c, JSONKey(field.name), &draft, &problems) }
    }

    /// Reads a patch body's fields into `changes`: the choices first, then the rest in the list's order.
    func read(_ c: KeyedDecodingContainer<JSONKey>, into changes: inout Changes, _ problems: inout FieldProblems) throws {
        for field in inputs.filter(\.isChoice) + inputs.filter({ !$0.isChoice }) {
            try field.change?(c, JSONKey(field.name), &changes, &problems)
        }
    }
}

/// Edits read from a body and applied over a draft later: over the defaults for a create, over the stored record
/// for a patch, so one body serves both.
struct DraftEdits<Draft>: Sendable {
    private var edits: [@Sendable (inout Draft) -> Void] = []

    init() {}

    mutating func append(_ edit: @escaping @Sendable (inout Draft) -> Void) { edits.append(edit) }

    func applied(over base: Draft) -> Draft {
        var draft = base
        for edit in edits { edit(&draft) }
        return draft
    }
}

extension JSONField {
    /// A field only the server sets, written by `value`.
    static func output(_ name: String, _ schema: JSONSchema, _ value: @escaping @Sendable (Output) throws -> any Encodable) -> Self {
        Self(name: name, schema: schema, write: { output, c, key in try c.encode(try value(output), forKey: key) })
    }
}

extension JSONField where Changes == DraftEdits<Draft> {
    /// A field a body may send as `Value`; when present (and not null) `set` puts it into the draft.
    static func edit<Value: Decodable & Sendable>(
        _ name: String, _ schema: JSONSchema, _ value: @escaping @Sendable (Output) throws -> any Encodable,
        as type: Value.Type, set: @escaping @Sendable (inout Draft, Value) -> Void
    ) -> Self {
        var field = output(name, schema, value)
        field.create = { c, key, target, _ in if let read = try c.decodeIfPresent(Value.self, forKey: key) { set(&target, read) } }
        field.change = { c, key, edits, _ in
            if let read = try c.decodeIfPresent(Value.self, forKey: key) { edits.append { set(&$0, read) } }
        }
        return field
    }

    /// An optional field a body may send as `Value` or clear with null; absent, it stays as it is.
    static func clearable<Value: Decodable & Sendable>(
        _ name: String, _ schema: JSONSchema, _ value: @escaping @Sendable (Output) throws -> (any Encodable)?,
        as type: Value.Type, set: @escaping @Sendable (inout Draft, Value?) -> Void
    ) -> Self {
        var field = Self(name: name, schema: .nullable(schema), write: { output, c, key in
            if let present = try value(output) { try c.encode(present, forKey: key) } else { try c.encodeNil(forKey: key) }
        })
        field.create = { c, key, target, _ in if c.contains(key) { set(&target, try c.decodeIfPresent(Value.self, forKey: key)) } }
        field.change = { c, key, edits, _ in
            if c.contains(key) { let read = try c.decodeIfPresent(Value.self, forKey: key); edits.append { set(&$0, read) } }
        }
        return field
    }

    /// A field a body may send as the draft's own value.
    static func edit<Value: Decodable & Sendable>(
        _ name: String, _ schema: JSONSchema, _ value: @escaping @Sendable (Output) throws -> any Encodable,
        draft: any WritableKeyPath<Draft, Value> & Sendable
    ) -> Self {
        edit(name, schema, value, as: Value.self) { $0[keyPath: draft] = $1 }
    }
}
