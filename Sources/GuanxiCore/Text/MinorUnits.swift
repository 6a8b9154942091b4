/// Money as whole minor units (fen, cents): parsing what people type and formatting with two decimals.
public enum MinorUnits {
    /// Accepts "1234", "1,234.5", "-12.30", "¥1,234.00", "￥12", "RMB 12", "CNY 12"; refuses more than two decimals.
    public static func parse(_ text: String) -> Int64? {
        var body = Substring(text.trimmedWhitespace)
        for prefix in ["RMB", "CNY", "¥", "￥", "$"] where body.uppercased().hasPrefix(prefix) {
            body = body.dropFirst(prefix.count)
            break
        }
        body = Substring(body.trimmedWhitespace)
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
        let parts = body.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: { $0 == "." })
        guard let wholePart = parts.first else { return nil }
        let whole = wholePart.replacingOccurrences(of: ",", with: "")
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        guard !whole.isEmpty || !fraction.isEmpty, fraction.count <= 2,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
              // Grouping commas must sit between groups of three digits.
              String(wholePart).components(separatedBy: ",").dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        guard let units = Int64(whole.isEmpty ? "0" : whole) else { return nil }
        let cents = Int64(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        let (scaled, overflow) = units.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        let (total, overflow2) = scaled.addingReportingOverflow(cents)
        guard !overflow2 else { return nil }
        return negative ? -total : total
    }

    /// "1234.56", "-0.05", "12.00".
    public static func format(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
