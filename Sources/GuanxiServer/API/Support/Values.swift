import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Money travels as a decimal number of the currency unit (12.5 = 12 yuan 5 jiao); stored as minor units.
struct MoneyValue: Codable, Sendable, Equatable {
    let minorUnits: Int64

    init(minorUnits: Int64) { self.minorUnits = minorUnits }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let number = try? container.decode(Decimal.self) { text = "\(number)" }
        else { text = try container.decode(String.self) }
        guard let minor = MinorUnits.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an amount with at most two decimals")
        }
        minorUnits = minor
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Decimal(string: MinorUnits.format(minorUnits)) ?? 0)
    }

    static let schema: JSONSchema = .number
}

/// Encodes optionals as explicit nulls so clients always see every key.
struct NullEncoding {
    static func encode<Key: CodingKey>(_ pairs: [(Key, any Encodable)], nullable: [(Key, (any Encodable)?)], to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (key, value) in pairs { try c.encode(value, forKey: key) }
        for (key, value) in nullable {
            if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
    }
}
