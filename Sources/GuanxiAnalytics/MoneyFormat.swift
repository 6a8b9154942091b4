/// Text of money amounts in CSV outputs: rounded to cents with two decimals, so sums show no binary floating-point noise (ANALYTICS.md §6).
public enum MoneyFormat {
    /// `amount` rounded half away from zero to cents, e.g. 100.50000000000001 → "100.50", −3.069 → "-3.07", 7 → "7.00".
    public static func string(_ amount: Double) -> String {
        var bytes: [UInt8] = []
        append(amount, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the text of `amount` rounded to cents; amounts beyond ±9·10^13 or not finite keep their shortest exact text.
    public static func append(_ amount: Double, to bytes: inout [UInt8]) {
        let scaled = (amount * 100).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else {
            bytes.append(contentsOf: amount.description.utf8)
            return
        }
        var cents = Int64(scaled)
        if cents < 0 {
            bytes.append(UInt8(ascii: "-"))
            cents = -cents
        }
        appendInteger(cents / 100, to: &bytes)
        let fraction = Int(cents % 100)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(48 + fraction / 10))
        bytes.append(UInt8(48 + fraction % 10))
    }

    /// Appends the decimal digits of an integer.
    static func appendSigned(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendInteger(value.magnitude > UInt64(Int64.max) ? Int64.max : Int64(value.magnitude), to: &bytes)
    }

    /// Appends the decimal digits of a non-negative integer.
    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 10 {
            bytes.append(UInt8(48 + value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 digits, more than Int64 needs
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(48 + rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}
