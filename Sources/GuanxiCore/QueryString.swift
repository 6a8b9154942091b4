import Foundation

/// Reading a query string (`a=b&c=d`) the one strict way the whole product shares: a value is percent-decoded
/// UTF-8 (`+` is a space), a name appears once, and a yes/no value is `true` or `false`. What cannot be read is
/// refused and named, never guessed at or dropped, so a mistyped `dry_run=1` cannot import for real and a
/// broken `q` cannot widen a search to every customer.
public enum QueryString {
    /// The parameters of `raw` (the text after `?`, still encoded), or the problems, keyed by parameter name.
    public static func parameters(_ raw: String) -> (parameters: [String: String], problems: FieldProblems) {
        var parameters: [String: String] = [:]
        var problems = FieldProblems()
        for pair in raw.split(separator: "&") {
            // Empty pieces kept: "=" alone is a pair with an empty name and value, not no pair at all.
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = String(parts[0])
            guard let name = decode(rawName) else {
                problems[rawName] = .malformedEncoding
                continue
            }
            guard let value = parts.count > 1 ? decode(String(parts[1])) : "" else {
                problems[name] = .malformedEncoding
                continue
            }
            if parameters[name] != nil { problems[name] = .givenMoreThanOnce }
            parameters[name] = value
        }
        return (parameters, problems)
    }

    /// `true` or `false`, exactly; anything else is no yes/no at all.
    public static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true": true
        case "false": false
        default: nil
        }
    }

    static func decode(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
