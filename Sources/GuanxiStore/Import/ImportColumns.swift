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
    static let exportOnly: Set<String> = ["id", "last_interaction_at", "created_at", "updated_at", "custom_fields"]

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
        for (index, raw) in headers.enumerated() {
            let header = raw.trimmingCharacters(in: .whitespaces)
            if let target = mapping[header] {
                if target.isEmpty || target == "-" { continue }  // deliberately ignored
                if lookup[target] != nil || (kind == .customers && target.hasPrefix("custom:")) { fields[index] = lookup[target] ?? target }
                else { problems.append(ImportProblem(line: 1, column: header, reason: .unknownColumn)) }
                continue
            }
            if kind == .customers, exportOnly.contains(header.lowercased()) { continue }
            if kind == .customers, header.lowercased().hasPrefix("custom:") {
                fields[index] = "custom:" + header.dropFirst("custom:".count).trimmingCharacters(in: .whitespaces)
            } else if let field = lookup[header.lowercased()] {
                fields[index] = field
            } else if !header.isEmpty {
                problems.append(ImportProblem(line: 1, column: header, reason: .unknownColumn))
            }
        }
        let present = Set(fields.values)
        for column in columns where column.required && !present.contains(column.field) {
            problems.append(ImportProblem(line: 1, column: column.field, reason: .missingColumn))
        }
        return (fields, problems)
    }
}
