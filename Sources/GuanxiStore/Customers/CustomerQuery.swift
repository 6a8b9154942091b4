import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// The customer list's SQL: the filter and the actor's scope as one SELECT, and rows read column by column.
///
/// Lists are the hottest path of the product, so they skip the ORM's reflective row decoding.
enum CustomerQuery {
    /// What a listed customer reads, in the order of `Column` (its tags follow, as `tag_list`).
    static let columns = [
        "id", "kind", "name", "industry", "region", "address", "phone", "email", "website", "source", "owner_id", "stage",
        "custom_fields", "annual_category_spend", "marketing_consent", "last_interaction_at", "deleted_at", "merged_into_id",
        "created_by_id", "version", "created_at", "updated_at",
    ]
    private static let selectList = QuotedColumns(columns)

    /// Each listed customer's tags as one column, so a page is one query instead of two (a query costs a trip to the
    /// database's thread and back, the larger part of a list request's time). Tags hold no control characters
    /// (`CustomerRules.normalizedTag`), so the unit separator cannot occur inside one.
    static let tagSeparator: Character = "\u{1F}"
    private static func tagList(_ dialect: String) -> SQLQueryString {
        let aggregate: SQLQueryString = dialect == "sqlite" ? "group_concat(\(ident: "tag"), char(31))" : "string_agg(\(ident: "tag"), chr(31))"
        return """
            (SELECT \(aggregate) FROM \(ident: "customer_tags") \
            WHERE \(ident: "customer_tags").\(ident: "customer_id") = \(ident: "customers").\(ident: "id")) AS \(ident: "tag_list")
            """
    }

    static func select(_ filter: CustomerFilter, by actor: Actor, on database: any Database, search: SubstringSearch.Context,
                       columns: [any SQLExpression]? = nil) async throws -> SQLSelectBuilder {
        let sql = try database.sql()
        var query = sql.select().from(Customer.schema)
        query = query.columns(columns ?? [Self.selectList, tagList(sql.dialect.name)])
        query = query.where("deleted_at", filter.deleted ? .isNot : .is, SQLLiteral.null)
        let scope = filter.deleted ? actor.access.writeScope : actor.access.readScope
        if let owners = try await CustomerAccess.ownerIDs(scope, on: database) {
            query = query.where("owner_id", .in, SQLBind.group(owners))
        }
        if let owner = filter.ownerID { query = query.where("owner_id", .equal, SQLBind(owner)) }
        if let stage = filter.stage { query = query.where("stage", .equal, SQLBind(stage.rawValue)) }
        if let kind = filter.kind { query = query.where("kind", .equal, SQLBind(kind.rawValue)) }
        if let industry = filter.industry { query = query.where("industry", .equal, SQLBind(industry)) }
        if let region = filter.region { query = query.where("region", .equal, SQLBind(region)) }
        if let source = filter.source { query = query.where("source", .equal, SQLBind(source)) }
        if let tag = filter.tag {
            query = query.where(SQLQueryString("\(ident: "id") IN (SELECT \(ident: "customer_id") FROM \(ident: "customer_tags") WHERE \(ident: "tag") = \(bind: tag))"))
        }
        if let from = filter.createdFrom { query = query.where("created_at", .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.createdTo { query = query.where("created_at", .lessThanOrEqual, SQLBind(to)) }
        if let from = filter.lastInteractionFrom { query = query.where("last_interaction_at", .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.lastInteractionTo { query = query.where("last_interaction_at", .lessThanOrEqual, SQLBind(to)) }
        if let text = filter.search?.lowercased(), !text.isEmpty {
            query = query.where(try await SubstringSearch.customerCondition(text, on: database, search))
        }
        return query
    }

    /// Positions of `columns` in a row: the record reader's map of the SELECT.
    enum Column: Int {
        case id, kind, name, industry, region, address, phone, email, website, source, ownerID, stage
        case customFields, annualCategorySpend, marketingConsent, lastInteractionAt, deletedAt, mergedIntoID
        case createdByID, version, createdAt, updatedAt, tagList
    }

    /// The customers a SELECT of `columns` finds, read by position instead of through the ORM.
    static func records(_ select: SQLSelectBuilder, on database: any Database) async throws -> [CustomerRecord] {
        try await ResultRow.all(select, columns: columns + ["tag_list"], on: database, record)
    }

    static func record(_ row: ResultRow) throws -> CustomerRecord {
        func at(_ column: Column) -> Int { column.rawValue }
        return CustomerRecord(
            id: try row.int64(at(.id)),
            kind: CustomerKind(rawValue: try row.string(at(.kind))) ?? .company,
            name: try row.string(at(.name)),
            industry: try row.string(at(.industry)),
            region: try row.string(at(.region)),
            address: try row.string(at(.address)),
            phone: try row.string(at(.phone)),
            email: try row.string(at(.email)),
            website: try row.string(at(.website)),
            source: try row.string(at(.source)),
            ownerID: try row.optionalInt64(at(.ownerID)),
            stage: LifecycleStage(rawValue: try row.string(at(.stage))) ?? .lead,
            customFieldsJSON: try row.string(at(.customFields)),
            annualCategorySpend: try row.optionalInt64(at(.annualCategorySpend)),
            marketingConsent: try row.bool(at(.marketingConsent)),
            lastInteractionAt: try row.optionalDate(at(.lastInteractionAt)),
            deletedAt: try row.optionalDate(at(.deletedAt)),
            mergedIntoID: try row.optionalInt64(at(.mergedIntoID)),
            createdByID: try row.optionalInt64(at(.createdByID)),
            version: try row.int(at(.version)),
            createdAt: try row.date(at(.createdAt)),
            updatedAt: try row.date(at(.updatedAt)),
            tags: (try row.optionalString(at(.tagList))).map { $0.split(separator: tagSeparator).map(String.init).sorted() } ?? [])
    }
}
