/// A fragment of HTML. Interpolated strings are escaped; interpolated `HTML` is trusted as it is.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public let raw: String

    public init(raw: String) { self.raw = raw }
    public init(stringLiteral value: String) { self.raw = value }
    public init(stringInterpolation: StringInterpolation) { self.raw = stringInterpolation.output }

    public var description: String { raw }

    public static let empty = HTML(raw: "")

    /// Escapes text for element content and quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) { output += literal }
        public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }
        public mutating func appendInterpolation(_ text: String?) { output += HTML.escape(text ?? "") }
        public mutating func appendInterpolation(_ html: HTML) { output += html.raw }
        public mutating func appendInterpolation(_ html: [HTML]) { for part in html { output += part.raw } }
        public mutating func appendInterpolation<Number: BinaryInteger>(_ number: Number) { output += String(number) }
    }
}

extension Array where Element == HTML {
    /// Joins fragments without escaping them again.
    public func joined() -> HTML { HTML(raw: map(\.raw).joined()) }
}
