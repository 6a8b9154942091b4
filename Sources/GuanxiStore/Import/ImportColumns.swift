import GuanxiCore

/// The columns each import kind understands, with the header spellings recognised without a mapping file.
public enum ImportColumns {
    public struct Column: Sendable {
        public let field: String
        public let required: Bool
        public let aliases: [String]
    }

    public static func columns(for kind: ImportKind) -> [Column] {
        switch kind {
        case .customers: [
            .init(field: "name", required: true, aliases: ["客户名称", "名称", "客户", "公司名称", "姓名", "customer", "customer name", "company"]),
            .init(field: "kind", required: false, aliases: ["类型", "客户类型", "type"]),
            .init(field: "industry", required: false, aliases: ["行业"]),
            .init(field: "region", required: false, aliases: ["地区", "区域", "省份", "城市"]),
            .init(field: "address", required: false, aliases: ["地址"]),
            .init(field: "phone", required: false, aliases: ["电话", "联系电话", "手机", "telephone", "tel"]),
            .init(field: "email", required: false, aliases: ["邮箱", "电子邮件", "电子邮箱", "e-mail", "mail"]),
            .init(field: "website", required: false, aliases: ["网址", "网站", "url"]),
            .init(field: "source", required: false, aliases: ["来源", "客户来源"]),
            .init(field: "owner", required: false, aliases: ["负责人", "销售", "所属销售", "owner_username"]),
            .init(field: "stage", required: false, aliases: ["阶段", "生命周期", "lifecycle stage"]),
            .init(field: "tags", required: false, aliases: ["标签", "tag"]),
            .init(field: "annual_category_spend", required: false, aliases: ["年采购额", "年度品类采购额", "estimated annual spend"]),
            .init(field: "marketing_consent", required: false, aliases: ["营销许可", "同意营销", "consent"]),
        ]
        case .contacts: [
            .init(field: "customer", required: true, aliases: ["客户", "客户名称", "customer_id", "customer name"]),
            .init(field: "name", required: true, aliases: ["姓名", "联系人", "contact"]),
            .init(field: "title", required: false, aliases: ["职务", "职位"]),
            .init(field: "phone", required: false, aliases: ["电话", "座机"]),
            .init(field: "mobile", required: false, aliases: ["手机"]),
            .init(field: "email", required: false, aliases: ["邮箱", "电子邮件"]),
            .init(field: "wechat_id", required: false, aliases: ["微信", "微信号", "wechat"]),
            .init(field: "birthday", required: false, aliases: ["生日"]),
            .init(field: "is_primary", required: false, aliases: ["主联系人", "primary"]),
        ]
        case .products: [
            .init(field: "sku", required: true, aliases: ["编号", "产品编号", "货号"]),
            .init(field: "name", required: true, aliases: ["名称", "产品名称"]),
            .init(field: "category", required: false, aliases: ["类别", "分类"]),
            .init(field: "unit", required: false, aliases: ["单位"]),
            .init(field: "list_price", required: false, aliases: ["价格", "标价", "单价", "price"]),
            .init(field: "unit_cost", required: false, aliases: ["成本", "单位成本", "cost"]),
            .init(field: "brand", required: false, aliases: ["品牌"]),
            .init(field: "manufacturer", required: false, aliases: ["厂商", "生产商", "制造商"]),
            .init(field: "is_agent_product", required: false, aliases: ["代理产品", "agent"]),
            .init(field: "launch_date", required: false, aliases: ["上市日期"]),
            .init(field: "active", required: false, aliases: ["在售", "启用"]),
        ]
        case .interactions: [
            .init(field: "customer", required: true, aliases: ["客户", "客户名称", "customer_id"]),
            .init(field: "channel", required: true, aliases: ["渠道", "方式"]),
            .init(field: "occurred_at", required: true, aliases: ["时间", "日期", "date", "time"]),
            .init(field: "direction", required: false, aliases: ["方向"]),
            .init(field: "user", required: false, aliases: ["员工", "负责人", "username"]),
            .init(field: "duration_seconds", required: false, aliases: ["时长", "时长秒", "duration"]),
            .init(field: "subject", required: false, aliases: ["主题"]),
            .init(field: "notes", required: false, aliases: ["备注", "内容", "记录"]),
            .init(field: "outcome", required: false, aliases: ["结果"]),
            .init(field: "queue_wait_seconds", required: false, aliases: ["排队时长", "等待秒数"]),
            .init(field: "abandoned", required: false, aliases: ["放弃", "呼损"]),
        ]
        }
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
