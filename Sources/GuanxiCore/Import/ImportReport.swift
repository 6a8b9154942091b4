/// What a CSV import brings in.
public enum ImportKind: String, CaseIterable, Codable, Sendable {
    case customers, contacts, products, interactions, orders
}

/// Why one cell or row of an import file was refused.
public enum ImportProblemReason: Equatable, Sendable, Codable {
    /// The cell breaks a field rule (required, too long, bad e-mail, bad date…).
    case field(FieldProblemCode)
    case unknownOwner(String)
    case unknownCustomer(String)
    case unknownContact(String)
    /// The same customer (or SKU) appears on an earlier line of the file.
    case duplicateInFile(line: Int)
    /// A customer with the same phone, e-mail or name (or a product with this SKU) already exists.
    case duplicateExisting(id: Int64)
    /// The bytes are not valid in the file's encoding.
    case wrongEncoding(String)
    /// The CSV itself is broken (unterminated quote…).
    case malformedCSV(String)
    case missingColumn
    case unknownColumn
    case wrongColumnCount(expected: Int, found: Int)
    case emptyFile
    /// Two columns of the header go to the same field; `column` is the other one.
    case sameFieldAs(column: String)
    /// The mapping sends a column to a field this import does not have.
    case unknownField(String)
    /// The SKU appears on an earlier line of the file.
    case duplicateSKUInFile(line: Int)
    /// A product with this SKU already exists.
    case duplicateSKU(id: Int64)
    /// The owner or user named is an account that has been disabled.
    case disabledUser(String)
    /// The order number appears on an earlier line of the file, not next to this one (an order's lines go together).
    case orderNumberApart(line: Int)
    /// An order with this number already exists.
    case duplicateOrderNumber(String)
    /// No product has this SKU.
    case unknownProduct(String)
}

/// A serialisable mirror of `FieldProblem`, so reports can be stored and shown later.
public enum FieldProblemCode: Equatable, Sendable, Codable {
    case required, invalidEmail, tooLong(Int), notOneOf([String]), invalidDate, invalidAmount, invalidPhone, notANumber
    case outOfRange(Int, Int), invalidBoolean, tooMany(Int), controlCharacter, other
    case onlyForInboundCallCenter, tooFarAhead(days: Int)
    case mustBePositive, tooManyDecimals(Int), percentOutOfRange, discountAboveAmount, inactiveProduct, tooLarge(String)

    public init(_ problem: FieldProblem) {
        switch problem {
        case .required: self = .required
        case .invalidEmail: self = .invalidEmail
        case .tooLong(let maximum): self = .tooLong(maximum)
        case .notOneOf(let values): self = .notOneOf(values)
        case .invalidDate: self = .invalidDate
        case .invalidAmount: self = .invalidAmount
        case .invalidPhone: self = .invalidPhone
        case .mustBeInteger: self = .notANumber
        case .outOfRange(let minimum, let maximum): self = .outOfRange(minimum, maximum)
        case .tooMany(let maximum): self = .tooMany(maximum)
        case .controlCharacter: self = .controlCharacter
        case .onlyForInboundCallCenter: self = .onlyForInboundCallCenter
        case .tooFarAhead(let days): self = .tooFarAhead(days: days)
        case .mustBePositive: self = .mustBePositive
        case .tooManyDecimals(let n): self = .tooManyDecimals(n)
        case .percentOutOfRange: self = .percentOutOfRange
        case .discountAboveAmount: self = .discountAboveAmount
        case .inactiveProduct: self = .inactiveProduct
        case .tooLarge(let maximum): self = .tooLarge(maximum)
        default: self = .other
        }
    }
}

/// One refused cell: the physical line in the file (1 = header), the column header, and why.
public struct ImportProblem: Equatable, Sendable, Codable {
    public let line: Int
    public let column: String
    public let reason: ImportProblemReason

    public init(line: Int, column: String, reason: ImportProblemReason) {
        self.line = line
        self.column = column
        self.reason = reason
    }
}

/// The outcome of an import or dry run. A real run writes all rows or, when any problem exists, none.
public struct ImportReport: Equatable, Sendable, Codable {
    public var kind: ImportKind
    public var dryRun: Bool
    public var encoding: TextEncoding
    public var totalRows: Int
    public var validRows: Int
    public var writtenRows: Int
    public var problems: [ImportProblem]
    /// Only the first problems are kept; this counts all of them.
    public var problemCount: Int

    public init(kind: ImportKind, dryRun: Bool, encoding: TextEncoding) {
        self.kind = kind
        self.dryRun = dryRun
        self.encoding = encoding
        self.totalRows = 0
        self.validRows = 0
        self.writtenRows = 0
        self.problems = []
        self.problemCount = 0
    }

    public static let keptProblems = 10_000

    public mutating func add(_ problem: ImportProblem) {
        problemCount += 1
        if problems.count < Self.keptProblems { problems.append(problem) }
    }

    public var succeeded: Bool { problemCount == 0 }
}
