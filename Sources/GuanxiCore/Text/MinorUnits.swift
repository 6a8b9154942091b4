/// Money as whole minor units (fen, cents): parsing what people type and formatting with two decimals.
public enum MinorUnits {
    private static let currencyPrefixes: [[Unicode.Scalar]] = ["RMB", "CNY", "¥", "￥", "$"].map { Array($0.unicodeScalars) }

    /// Accepts "1234", "1,234.5", "-12.30", "¥1,234.00", "￥12", "RMB 12", "CNY 12", "12元" with surrounding spaces;
    /// refuses more than two decimals, misplaced grouping commas, other letters, empty text and overflow.
    public static func parse(_ text: String) -> Int64? {
        var scalars = Array(text.unicodeScalars)[...]
        trim(&scalars)
        var negative: Bool? = takeSign(&scalars)
        if let prefix = currencyPrefixes.first(where: { startsCaseInsensitive(scalars, with: $0) }) {
            scalars = scalars.dropFirst(prefix.count)
            trim(&scalars)
            // "¥-12" as well as "-¥12".
            if negative == nil { negative = takeSign(&scalars) }
        }
        if scalars.last == "元" {
            scalars = scalars.dropLast()
            trim(&scalars)
        }
        var units: Int64 = 0
        var digits = 0, groupDigits = 0, groups = 0
        var fraction: Int64 = 0, fractionDigits = 0, inFraction = false
        for scalar in scalars {
            switch scalar {
            case "0"..."9":
                let digit = Int64(scalar.value - 0x30)
                if inFraction {
                    fractionDigits += 1
                    guard fractionDigits <= 2 else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    let (times, overflow) = units.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(digit)
                    guard !overflow, !overflow2 else { return nil }
                    units = sum
                    digits += 1
                    groupDigits += 1
                }
            case ",":
                // Grouping: one to three digits first, exactly three in every later group.
                guard !inFraction, groupDigits >= 1, groups == 0 ? groupDigits <= 3 : groupDigits == 3 else { return nil }
                groups += 1
                groupDigits = 0
            case ".":
                guard !inFraction else { return nil }
                inFraction = true
            default:
                return nil
            }
        }
        guard digits + fractionDigits > 0, groups == 0 || groupDigits == 3 else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: 100)
        let (total, overflow2) = scaled.addingReportingOverflow(fraction)
        guard !overflow, !overflow2 else { return nil }
        return negative == true ? -total : total
    }

    /// Two decimals, no grouping: "1234.56", "-0.05", "12.00".
    public static func format(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    private static func trim(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    }

    /// true for "-", false for "+", nil when there is no sign.
    private static func takeSign(_ scalars: inout ArraySlice<Unicode.Scalar>) -> Bool? {
        guard let first = scalars.first, first == "-" || first == "+" else { return nil }
        scalars.removeFirst()
        trim(&scalars)
        return first == "-"
    }

    private static func startsCaseInsensitive(_ scalars: ArraySlice<Unicode.Scalar>, with prefix: [Unicode.Scalar]) -> Bool {
        guard scalars.count >= prefix.count else { return false }
        return zip(scalars, prefix).allSatisfy { pair in
            pair.0 == pair.1 || (pair.0.isASCII && pair.1.isASCII && (pair.0.value | 0x20) == (pair.1.value | 0x20) && pair.1.properties.isAlphabetic)
        }
    }
}
