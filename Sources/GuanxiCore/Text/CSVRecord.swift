/// One CSV record and the physical line it starts on (1-based; a quoted field may span lines).
public struct CSVRecord: Sendable, Equatable {
    public let line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
