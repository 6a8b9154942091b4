/// Why a CSV file could not be read.
public enum CSVError: Error, Equatable, Sendable {
    /// A quoted field that runs to the end of the file; `line` is where the record starts.
    case unterminatedQuote(line: Int)
    /// A quote inside a field that did not start with one, or text after a closing quote; `column` is the 1-based field index.
    case quoteInUnquotedField(line: Int, column: Int)
}
