import GuanxiCore

/// The columns each import kind understands, with the header spellings recognised without a mapping file.
public enum ImportColumns {
    public struct Column: Sendable {
        public let field: String
        public let required: Bool
        public let aliases: [String]
    }

    /// Each kind's columns, which its processor declares (`CustomerImport.columns`, …).
    public static func columns(for kind: ImportKind) -> [Column] {
        kind.processor.columns
    }

    /// Columns an export writes that an import of the same file skips (the database sets them).
    static let exportOnly: Set<String> = ["id", "last_interaction_at", "created_at", "updated_at"]

    /// The export's column of all custom fields as one JSON object; `custom:<name>` columns add to it.
    public static let customFieldsColumn = "custom_fields"

    /// Maps header cells to fields. An explicit mapping (header → field) wins; otherwise field names and aliases
    /// match case-insensitively. Customer files may carry custom fields as `custom:<name>` columns.
    public static func resolve(headers: [String], kind: ImportKind, mapping: [String: String]) -> (fields: [Int: String], problems: [ImportProblem]) {
        let columns = columns(for: kind)
        var lookup: [String: String] = [:]
        for column in columns {
            lookup[column.field] = column.field
            for alias in column.aliases { lookup[alias.lowercased()] = column.field }
        }
        var fields: [Int: String] = [:]
        var problems: [ImportProblem] = []
        // Custom fields compare by their trimmed name: `custom: 级别 ` and `custom:级别` are one field.
        func custom(_ name: String) -> String? {
            guard kind == .customers, name.lowercased().hasPrefix("custom:") else { return nil }
            return "custom:" + name.dropFirst("custom:".count).trimmingCharacters(in: .whitespaces)
        }
        for (index, raw) in headers.enumerated() {
            let header = raw.trimmingCharacters(in: .whitespaces)
            if let target = mapping[header]?.trimmingCharacters(in: .whitespaces) {
                if target.isEmpty || target == "-" { continue }  // deliberately ignored
                if let field = lookup[target.lowercased()] ?? custom(target) { fields[index] = field }
                else { problems.append(ImportProblem(line: 1, column: header, reason: .unknownField(target))) }
                continue
            }
            if kind == .customers, header.lowercased() == "custom_fields" {
                fields[index] = customFieldsColumn
            } else if kind == .customers, exportOnly.contains(header.lowercased()) {
                continue
            } else if let field = custom(header) {
                fields[index] = field
            } else if let field = lookup[header.lowercased()] {
                fields[index] = field
            } else if !header.isEmpty {
                problems.append(ImportProblem(line: 1, column: header, reason: .unknownColumn))
            }
        }
        // Two columns for one field would leave the choice between them to chance.
        var firstColumn: [String: Int] = [:]
        for index in fields.keys.sorted() {
            let field = fields[index]!
            if let earlier = firstColumn[field] {
                problems.append(ImportProblem(line: 1, column: headers[index].trimmingCharacters(in: .whitespaces),
                                              reason: .sameFieldAs(column: headers[earlier].trimmingCharacters(in: .whitespaces))))
            } else {
                firstColumn[field] = index
            }
        }
        let present = Set(fields.values)
        for column in columns where column.required && !present.contains(column.field) {
            problems.append(ImportProblem(line: 1, column: column.field, reason: .missingColumn))
        }
        return (fields, problems)
    }
}
