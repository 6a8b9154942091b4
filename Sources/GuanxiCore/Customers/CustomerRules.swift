import Foundation

/// Validation and normalisation rules for customer data, shared by forms, the API and imports.
public enum CustomerRules {
    public static let maximumNameLength = 200
    public static let maximumTextLength = 500
    public static let maximumNotesLength = 20_000
    public static let maximumTags = 30
    public static let maximumTagLength = 40
    public static let maximumCustomFields = 50

    public static func check(name: String) -> FieldProblem? {
        if name.isEmpty { return .required }
        if exceeds(name, maximumNameLength) { return .tooLong(maximum: maximumNameLength) }
        if hasControlCharacter(name, allowingLineBreaks: false) { return .controlCharacter }
        return nil
    }

    /// A required one-line name of an entry in an administrator's list (a pipeline stage, a sales channel), in
    /// either language, already trimmed.
    public static func check(listName name: String, maximum: Int) -> FieldProblem? {
        if name.isEmpty { return .required }
        if name.count > maximum { return .tooLong(maximum: maximum) }
        if hasControlCharacter(name, allowingLineBreaks: false) { return .controlCharacter }
        return nil
    }

    /// Optional free text such as industry, region, address or notes (which may run over several lines).
    public static func check(text: String, maximum: Int = maximumTextLength) -> FieldProblem? {
        if exceeds(text, maximum) { return .tooLong(maximum: maximum) }
        if hasControlCharacter(text, allowingLineBreaks: true) { return .controlCharacter }
        return nil
    }

    /// Whether the text holds a C0 control character or DEL; tabs, and line breaks when allowed, are text.
    public static func hasControlCharacter(_ text: String, allowingLineBreaks: Bool) -> Bool {
        text.utf8.contains { byte in
            (byte < 0x20 && byte != 0x09 && !(allowingLineBreaks && (byte == 0x0A || byte == 0x0D))) || byte == 0x7F
        }
    }

    /// Whether the text has more than `maximum` characters. A character takes at least one UTF-8 byte, so a short
    /// text needs no counting of grapheme clusters, which is most of the cost of a length check.
    static func exceeds(_ text: String, _ maximum: Int) -> Bool {
        text.utf8.count > maximum && text.count > maximum
    }

    public static func check(optionalEmail email: String) -> FieldProblem? {
        AccountRules.check(optionalEmail: email)
    }

    /// A phone number may hold digits, spaces and + - ( ) . / and an extension ("ext", "转", "x").
    public static func check(phone: String) -> FieldProblem? {
        if phone.isEmpty { return nil }
        if exceeds(phone, 40) { return .tooLong(maximum: 40) }
        var digits = 0
        for scalar in phone.unicodeScalars {
            let isDigit = scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.numericType == .decimal
            if isDigit {
                digits += 1
                if digits == 3 { return nil }
            }
        }
        return .invalidPhone
    }

    /// Tags as typed, before `normalizedTag`: a control character is refused here rather than silently dropped.
    public static func check(rawTags tags: [String]) -> FieldProblem? {
        tags.contains { hasControlCharacter($0, allowingLineBreaks: false) } ? .controlCharacter : nil
    }

    public static func check(tags: [String]) -> FieldProblem? {
        if tags.count > maximumTags { return .tooMany(maximum: maximumTags) }
        if tags.contains(where: { $0.count > maximumTagLength }) { return .tooLong(maximum: maximumTagLength) }
        return nil
    }

    public static func check(customFields: [String: String]) -> FieldProblem? {
        if customFields.count > maximumCustomFields { return .tooMany(maximum: maximumCustomFields) }
        if customFields.keys.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.count > 60 }) { return .required }
        if customFields.values.contains(where: { $0.count > maximumTextLength }) { return .tooLong(maximum: maximumTextLength) }
        if customFields.contains(where: { hasControlCharacter($0.key, allowingLineBreaks: false)
                                          || hasControlCharacter($0.value, allowingLineBreaks: true) }) { return .controlCharacter }
        return nil
    }

    /// Tags compare case-insensitively and without surrounding spaces; commas separate tags in forms and files.
    /// Control characters are dropped: lists read a customer's tags as one text separated by one of them.
    public static func normalizedTag(_ tag: String) -> String {
        let lowered = tag.trimmedWhitespace.fastLowercased
        // The control characters (general category Cc) are exactly U+0000–U+001F and U+007F–U+009F.
        func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) }
        guard lowered.unicodeScalars.contains(where: isControl) else { return lowered }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: lowered.unicodeScalars.filter { !isControl($0) })
        return String(kept).trimmedWhitespace
    }

    /// Splits "vip, 重点客户;key" into distinct normalised tags, in order.
    public static func tags(fromList text: String) -> [String] {
        if text.isEmpty { return [] }
        // One pass over the scalars into one array: an imported row's tags went through four arrays and a set.
        var tags: [String] = []
        var seen: Set<String>?  // only for long lists; a customer has a handful of tags, which a scan compares faster
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        func take(_ end: String.UnicodeScalarView.Index) {
            let tag = normalizedTag(String(scalars[start..<end]))
            guard !tag.isEmpty else { return }
            if tags.count == 16, seen == nil { seen = Set(tags) }
            if seen == nil ? !tags.contains(tag) : seen!.insert(tag).inserted { tags.append(tag) }
        }
        var index = start
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            switch scalars[index] {
            case ",", ";", "，", "；", "、":
                take(index)
                start = next
            default: break
            }
            index = next
        }
        take(scalars.endIndex)
        return tags
    }

    /// What substring search looks in: lower-cased names, phones (also as bare digits) and e-mails.
    /// It ends with a space so that every two-character substring is the start of some three-character one,
    /// which lets a trigram index answer two-character queries.
    /// `phoneDigits`: the phone's duplicate key when the caller has it already.
    public static func searchText(name: String, phone: String, email: String, phoneDigits: String?? = nil,
                                  contacts: [(name: String, phone: String, email: String)] = []) -> String {
        var text = ""
        text.reserveCapacity(name.utf8.count + phone.utf8.count * 2 + email.utf8.count + 16)
        func add(_ part: String) {
            guard !part.isEmpty else { return }
            if !text.isEmpty { text += " | " }
            text += part
        }
        add(name)
        add(phone)
        add(email)
        // The digits alone find "138-0013-8000" by "13800138000"; a phone written without separators has them already.
        if let digits = phoneDigits ?? DuplicateKey.phone(phone), digits != phone { add(digits) }
        for contact in contacts {
            add(contact.name)
            add(contact.phone)
            add(contact.email)
            if let digits = DuplicateKey.phone(contact.phone), digits != contact.phone { add(digits) }
        }
        // The space before the case fold, which leaves text without capitals as it is instead of copying it.
        text += " "
        return text.fastLowercased
    }
}
