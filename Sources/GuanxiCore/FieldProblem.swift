/// Why one input field was refused; the server turns it into a message in the user's language.
public enum FieldProblem: Equatable, Sendable {
    case required
    case invalidEmail
    case tooShort(minimum: Int)
    case tooLong(maximum: Int)
    case invalidUsername
    case notOneOf([String])
    case alreadyTaken
    case unknownReference
    case wrongPassword
    case mustBeInteger
    case invalidDate
    case invalidAmount
    case invalidPhone
    case onlyForInboundCallCenter
    case notAllowed
    case remindAfterDue
    case outOfRange(minimum: Int, maximum: Int)
    /// More items (tags, custom fields) than allowed.
    case tooMany(maximum: Int)
    /// A NUL or other control character, which other programs would cut the text at or show as garbage.
    case controlCharacter
    /// A date later than this many days from now.
    case tooFarAhead(days: Int)
    /// A line of a name=value list without the "=".
    case expectedNameValue
    /// A yes/no value that is neither `true` nor `false` (`1`, `yes`, `null` are not guessed at).
    case notBoolean
    /// A query value whose percent-encoding is broken or does not decode to UTF-8 text.
    case malformedEncoding
    /// A parameter that takes one value, given more than once.
    case givenMoreThanOnce
    /// A date whose year lies outside the range the product takes (a typing error such as 20240 or 0001).
    case yearOutOfRange(minimum: Int, maximum: Int)
    /// A decimal number with more digits after the point than the field keeps.
    case tooManyDecimals(Int)
    /// A quantity that must be more than zero.
    case mustBePositive
    /// A number beyond what the field takes (`maximum` as the user would type it).
    case tooLarge(maximum: String)
    /// A percentage outside 0–100.
    case percentOutOfRange
    /// A discount larger than the line it is taken off.
    case discountAboveAmount
    /// Given together with another field that says the same thing another way (a discount as a percentage and as an amount).
    case notTogetherWith(String)
    /// A date before another date of the same record (valid-until before the quote's date).
    case beforeDate(String)
    /// A product that is no longer sold.
    case inactiveProduct
    /// More than the remaining quantity (`maximum`, as the user would type it) may be returned.
    case aboveReturnable(maximum: String)
    /// More than the outstanding amount (`maximum`, in yuan) may be paid or refunded.
    case aboveOutstanding(maximum: String)
}

/// The refused fields of one request, keyed by the field name the client sent.
public struct FieldProblems: Equatable, Sendable {
    public private(set) var problems: [String: FieldProblem] = [:]

    public init() {}

    public var isEmpty: Bool { problems.isEmpty }

    public subscript(field: String) -> FieldProblem? {
        get { problems[field] }
        set { problems[field] = newValue }
    }

    /// Throws `GuanxiError.invalid` when any field was refused.
    public func throwIfAny() throws {
        if !problems.isEmpty { throw GuanxiError.invalid(self) }
    }
}
