import Fluent
import Foundation
import GuanxiCore

/// Contacts from a file, each at a customer named by id or by name, and checked by the contact book's own rules
/// (`ContactBook.checked`).
struct ContactImport: ImportKindProcessor {
    static let columns: [ImportColumns.Column] = [
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

    let session: ImportSession

    init(session: ImportSession) { self.session = session }

    mutating func process(_ rows: [Row], into report: inout ImportReport, on db: any Database) async throws {
        let customers = try await session.resolveCustomers(rows.map { $0["customer"] }, db)
        var values: [[BulkValue]] = []
        var touched = Set<Int64>()
        for row in rows {
            var bad = false
            let customerID = session.customer(row, in: customers, &report)
            if customerID == nil { bad = true }
            var draft = ContactBook.Draft()
            draft.name = row["name"]
            draft.title = row["title"]
            draft.phone = row["phone"]
            draft.mobile = row["mobile"]
            draft.email = row["email"]
            draft.wechatID = row["wechat_id"]
            draft.birthday = session.day(row, "birthday", &report, refused: &bad)
            draft.isPrimary = session.bool(row, "is_primary", &report, refused: &bad) ?? false
            let (checked, problems) = ContactBook.checked(draft)
            bad = session.fieldProblems(row, problems, &report) || bad
            guard !bad, let customerID else { continue }
            touched.insert(customerID)
            values.append([.int(customerID), .text(checked.name), .text(checked.title), .text(checked.phone), .text(checked.mobile),
                           .text(checked.email), .text(checked.wechatID), .text(checked.birthday.isEmpty ? nil : checked.birthday),
                           .bool(checked.isPrimary), .int(session.actor.userID), .int(1), .date(session.now), .date(session.now)])
        }
        report.validRows += values.count
        guard report.succeeded, !values.isEmpty else { return }
        try await BulkWriter.insert(into: Contact.schema, columns: [
            "customer_id", "name", "title", "phone", "mobile", "email", "wechat_id", "birthday", "is_primary", "created_by_id",
            "version", "created_at", "updated_at",
        ], rows: values, on: db)
        for id in touched { try await CustomerBook.refreshSearchText(customerID: id, on: db) }
        report.writtenRows += values.count
    }
}
