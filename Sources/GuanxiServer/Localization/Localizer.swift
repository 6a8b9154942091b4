import GuanxiCore

/// Looks up interface text in one language.
public struct Localizer: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    public subscript(_ key: TextKey) -> String {
        TextTable.texts(in: language)[key] ?? TextTable.english[key] ?? key.rawValue
    }

    /// Text with `{name}` placeholders filled in.
    public func callAsFunction(_ key: TextKey, _ values: [String: String] = [:]) -> String {
        var text = self[key]
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    public func roleName(_ role: Role) -> String {
        switch role {
        case .admin: self[.roleAdmin]
        case .manager: self[.roleManager]
        case .sales: self[.roleSales]
        case .service: self[.roleService]
        case .marketing: self[.roleMarketing]
        case .analyst: self[.roleAnalyst]
        }
    }

    /// The sentence shown next to a refused field.
    public func message(for problem: FieldProblem) -> String {
        switch problem {
        case .required: self[.fpRequired]
        case .invalidEmail: self[.fpInvalidEmail]
        case .tooShort(let minimum): self(.fpTooShort, ["n": String(minimum)])
        case .tooLong(let maximum): self(.fpTooLong, ["n": String(maximum)])
        case .invalidUsername: self[.fpInvalidUsername]
        case .notOneOf(let values): self(.fpNotOneOf, ["values": values.joined(separator: ", ")])
        case .alreadyTaken: self[.fpAlreadyTaken]
        case .unknownReference: self[.fpUnknownReference]
        case .wrongPassword: self[.fpWrongPassword]
        case .mustBeInteger: self[.fpMustBeInteger]
        case .invalidDate: self[.fpInvalidDate]
        case .invalidAmount: self[.fpInvalidAmount]
        case .invalidPhone: self[.fpInvalidPhone]
        case .onlyForInboundCallCenter: self[.fpOnlyInboundCallCenter]
        case .notAllowed: self[.fpNotAllowed]
        case .remindAfterDue: self[.fpRemindAfterDue]
        case .outOfRange(let minimum, let maximum): self(.fpOutOfRange, ["min": String(minimum), "max": String(maximum)])
        case .tooMany(let maximum): self(.fpTooMany, ["n": String(maximum)])
        case .controlCharacter: self[.fpControlCharacter]
        case .tooFarAhead(let days): self(.fpTooFarAhead, ["n": String(days)])
        case .expectedNameValue: self[.fpExpectedNameValue]
        case .notBoolean: self[.fpNotBoolean]
        case .malformedEncoding: self[.fpMalformedEncoding]
        case .givenMoreThanOnce: self[.fpGivenMoreThanOnce]
        case .yearOutOfRange(let minimum, let maximum): self(.fpYearOutOfRange, ["min": String(minimum), "max": String(maximum)])
        case .mustBePositive: self[.fpMustBePositive]
        case .tooManyDecimals(let n): self(.fpTooManyDecimals, ["n": String(n)])
        case .tooLarge(let maximum): self(.fpTooLarge, ["max": maximum])
        case .percentOutOfRange: self[.fpPercentOutOfRange]
        case .discountAboveAmount: self[.fpDiscountAboveAmount]
        case .notTogetherWith(let other): self(.fpNotTogetherWith, ["other": other])
        case .beforeDate(let other): self(.fpBeforeDate, ["other": other])
        case .inactiveProduct: self[.fpInactiveProduct]
        case .aboveReturnable(let maximum): self(.fpAboveReturnable, ["max": maximum])
        case .aboveOutstanding(let maximum): self(.fpAboveOutstanding, ["max": maximum])
        }
    }
}
