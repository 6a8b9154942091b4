import GuanxiCore

/// The schemas of the kinds of field the API takes, each saying what the shared rules of `GuanxiCore` accept.
extension JSONSchema {
    /// A record's id.
    static let id: JSONSchema = .integer(minimum: 1)
    /// The version a change carries.
    static let version: JSONSchema = .integer(minimum: 1)

    /// A name a record must have: one line, not blank, at most `maximum` characters.
    static func name(_ maximum: Int = CustomerRules.maximumNameLength) -> JSONSchema {
        .string(minLength: 1, maxLength: maximum, pattern: .name)
    }

    /// One optional line of text.
    static func line(_ maximum: Int = CustomerRules.maximumTextLength) -> JSONSchema { .string(maxLength: maximum, pattern: .line) }

    /// Free text that may run over several lines.
    static func text(_ maximum: Int = CustomerRules.maximumTextLength) -> JSONSchema { .string(maxLength: maximum, pattern: .text) }

    /// A new password: 10 to 72 characters (and, a rule beyond the schema, at most 72 bytes in UTF-8).
    static let password: JSONSchema = .string(minLength: AccountRules.minimumPasswordLength, maxLength: AccountRules.maximumPasswordLength)

    /// A short code of ASCII letters and digits, such as a document number's prefix.
    static func code(_ maximum: Int) -> JSONSchema { .string(minLength: 1, maxLength: maximum, pattern: .code) }

    /// A sales channel: a built-in code (`SalesChannel`) or one an administrator added (`GET /sales-channels`).
    static let salesChannel: JSONSchema = .string(minLength: 1, maxLength: 40, pattern: .channelCode)

    /// An e-mail address, or nothing (an empty text).
    static let optionalEmail: JSONSchema = .anyOf([.string(format: "email", maxLength: 254), .string(maxLength: 0)])

    /// A phone number: empty, or at most 40 characters with at least three digits.
    static let phone: JSONSchema = .string(maxLength: 40, pattern: .phone)

    /// A day, YYYY-MM-DD, in the years the API takes.
    static let day: JSONSchema = .string(format: "date", pattern: .year)
    /// A time with its offset (RFC 3339), in the years the API takes.
    static let time: JSONSchema = .string(format: "date-time", pattern: .year)
    /// A month, YYYY-MM, in the years the API takes.
    static let month: JSONSchema = .string(minLength: 7, maxLength: 7, pattern: .month)
    /// A day or, where a filter takes either, a time.
    static let dayOrTime: JSONSchema = .anyOf([.day, .time])

    /// An amount of money in yuan with at most two decimals, from 0 up to a trillion.
    static let money: JSONSchema = .decimal(places: 2, minimum: 0, maximum: Self.largestAmount)
    /// An amount that must be more than zero.
    static let positiveMoney: JSONSchema = .decimal(places: 2, minimum: 0, maximum: Self.largestAmount, exclusiveMinimum: true)
    static let largestAmount = 1_000_000_000_000.0
    /// A line's unit price or cost: money up to what a line takes.
    static let unitPrice: JSONSchema = .decimal(places: 2, minimum: 0, maximum: Double(LinePricing.maximumUnitPrice) / 100)
    /// A percentage from 0 to 100 with at most two decimals.
    static let percent: JSONSchema = .decimal(places: 2, minimum: 0, maximum: 100)
}

/// Rules many operations share.
extension APIRoute.Rule {
    static let customerExists = Self(["customer_id"], "a customer the caller may change")
    static let contactOfCustomer = Self(["contact_id"], "a contact of the same customer")
    static let opportunityOfCustomer = Self(["opportunity_id"], "an opportunity of the same customer")
    static let assignableOwner = Self(["owner_id"], "an active user the caller may assign (sales reps: themselves)")
    static let customerFixed = Self(["customer_id"], "the record's own customer: a record does not move to another")
    static let salesChannelKnown = Self(["channel"], "a built-in channel (" + SalesChannel.allCases.map(\.rawValue).joined(separator: ", ")
                                        + ") or an active one an administrator added (GET /sales-channels); an order keeps a channel retired since")
}
