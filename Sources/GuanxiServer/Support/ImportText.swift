import GuanxiCore

/// The sentence for each import problem, in the reader's language.
public enum ImportText {
    public static func message(for reason: ImportProblemReason, _ l: Localizer) -> String {
        switch reason {
        case .field(let code): fieldMessage(code, l)
        case .unknownOwner(let name): l(.impUnknownOwner, ["value": name])
        case .unknownCustomer(let name): l(.impUnknownCustomer, ["value": name])
        case .unknownContact(let name): l(.impUnknownContact, ["value": name])
        case .duplicateInFile(let line): l(.impDuplicateInFile, ["line": String(line)])
        case .duplicateExisting(let id): l(.impDuplicateExisting, ["id": String(id)])
        case .wrongEncoding(let encoding): l(.impWrongEncoding, ["value": encoding.uppercased()])
        case .malformedCSV(let detail): l(.impMalformedCSV, ["value": detail])
        case .missingColumn: l[.impMissingColumn]
        case .unknownColumn: l[.impUnknownColumn]
        case .wrongColumnCount(let expected, let found): l(.impWrongColumnCount, ["expected": String(expected), "found": String(found)])
        case .emptyFile: l[.impEmptyFile]
        case .sameFieldAs(let column): l(.impSameField, ["column": column])
        case .unknownField(let field): l(.impUnknownField, ["value": field])
        case .duplicateSKUInFile(let line): l(.impDuplicateSKUInFile, ["line": String(line)])
        case .duplicateSKU(let id): l(.impDuplicateSKU, ["id": String(id)])
        case .disabledUser(let name): l(.impDisabledUser, ["value": name])
        case .orderNumberApart(let line): l(.impOrderNumberApart, ["line": String(line)])
        case .duplicateOrderNumber(let number): l(.impDuplicateOrderNumber, ["value": number])
        case .unknownProduct(let sku): l(.impUnknownProduct, ["value": sku])
        }
    }

    static func fieldMessage(_ code: FieldProblemCode, _ l: Localizer) -> String {
        switch code {
        case .required: l.message(for: .required)
        case .invalidEmail: l.message(for: .invalidEmail)
        case .tooLong(let maximum): l.message(for: .tooLong(maximum: maximum))
        case .notOneOf(let values): l.message(for: .notOneOf(values))
        case .invalidDate: l.message(for: .invalidDate)
        case .invalidAmount: l.message(for: .invalidAmount)
        case .invalidPhone: l.message(for: .invalidPhone)
        case .notANumber: l[.impNotANumber]
        case .outOfRange(let minimum, let maximum): l.message(for: .outOfRange(minimum: minimum, maximum: maximum))
        case .invalidBoolean: l[.impInvalidBoolean]
        case .tooMany(let maximum): l.message(for: .tooMany(maximum: maximum))
        case .controlCharacter: l.message(for: .controlCharacter)
        case .onlyForInboundCallCenter: l.message(for: .onlyForInboundCallCenter)
        case .tooFarAhead(let days): l.message(for: .tooFarAhead(days: days))
        case .mustBePositive: l.message(for: .mustBePositive)
        case .tooManyDecimals(let n): l.message(for: .tooManyDecimals(n))
        case .percentOutOfRange: l.message(for: .percentOutOfRange)
        case .discountAboveAmount: l.message(for: .discountAboveAmount)
        case .inactiveProduct: l.message(for: .inactiveProduct)
        case .tooLarge(let maximum): l.message(for: .tooLarge(maximum: maximum))
        case .other: l[.impOther]
        }
    }
}
