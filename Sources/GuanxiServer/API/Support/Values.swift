import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Money travels as a decimal number of the currency unit (12.5 = 12 yuan 5 jiao); stored as minor units.
struct MoneyValue: Codable, Sendable, Equatable {
    let minorUnits: Int64

    init(minorUnits: Int64) { self.minorUnits = minorUnits }

    init(from decoder: any Decoder) throws {
        // A JSON number and nothing else: "100" as text is refused as the wrong type, as the schema says.
        let container = try decoder.singleValueContainer()
        let number: Decimal
        do {
            number = try container.decode(Decimal.self)
        } catch {
            // A number too large for Decimal (1e308) is a number still: refused as an amount, not as a type.
            guard (try? container.decode(Double.self)) != nil else { throw error }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.notAnAmount)
        }
        guard let minor = MinorUnits.parse("\(number)") else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.notAnAmount)
        }
        minorUnits = minor
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Decimal(string: MinorUnits.format(minorUnits)) ?? 0)
    }

    static let schema: JSONSchema = .number
    /// Marks the decoding error of an amount, so it is reported in the user's language.
    static let notAnAmount = "guanxi: not an amount with at most two decimals"
}

/// A decimal number with a fixed number of decimals, held as whole units of the last decimal: a quantity (3) in
/// thousandths, a percentage (2) in hundredths of a percent. A JSON number only.
struct ScaledDecimal<Scale: DecimalScale>: Codable, Sendable, Equatable {
    let units: Int64

    init(units: Int64) { self.units = units }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let number: Decimal
        do {
            number = try container.decode(Decimal.self)
        } catch {
            guard (try? container.decode(Double.self)) != nil else { throw error }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Scale.notice)
        }
        guard let units = DecimalUnits.parse("\(number)", decimals: Scale.decimals) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Scale.notice)
        }
        self.units = units
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Decimal(string: DecimalUnits.format(units, decimals: Scale.decimals)) ?? 0)
    }
}

protocol DecimalScale: Sendable {
    static var decimals: Int { get }
}

extension DecimalScale {
    /// Marks the decoding error, so it is reported in the user's language.
    static var notice: String { "guanxi: not a number with at most \(decimals) decimals" }
}

enum ThreeDecimals: DecimalScale { static let decimals = 3 }
enum TwoDecimals: DecimalScale { static let decimals = 2 }

/// A quantity with up to three decimals (1.5 boxes).
typealias QuantityValue = ScaledDecimal<ThreeDecimals>
/// A percentage with up to two decimals (13, 12.5).
typealias PercentValue = ScaledDecimal<TwoDecimals>

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
