/// The bytes are not valid in `encoding`; `line` (1-based) is where the first bad byte is.
public struct TextDecodingError: Error, Equatable, Sendable {
    public let encoding: TextEncoding
    public let line: Int

    public init(encoding: TextEncoding, line: Int) {
        self.encoding = encoding
        self.line = line
    }
}
