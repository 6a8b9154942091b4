import Fluent
import GuanxiCore
import GuanxiStore
import Vapor

/// The audit log for administrators, filterable by record type, record, person and action.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.audit, use: AuditPage.show)
    }
}

enum AuditPage {
    /// Every record type the log holds entries for, in the order of the menu.
    static let entities = ["customer", "contact", "interaction", "task", "product", "segment", "follow_up_rule", "user", "team", "api_token"]

    @Sendable static func show(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let filter = try AuditFilterQuery.parse(request)
        let page = try await AuditLog.page(filter, after: try request.pageRequest().cursor, limit: 50, on: request.db)
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        let rows: [HTML] = page.items.map { entry in
            let changes: [HTML] = ChangeSet.decode(entry.changes).sorted { $0.key < $1.key }.map { field, change in
                "<li><code>\(field)</code>: \(change.from ?? "∅") → \(change.to ?? "∅")</li>"
            }
            return """
            <tr><td>\(format.dateTime(entry.createdAt))</td><td>\(entry.actorName)</td><td>\(actionName(entry.action, l))</td>
            <td>\(entityName(entry.entity, l))</td><td>#\(entry.entityID)</td><td><ul class="changes">\(changes)</ul></td></tr>
            """
        }
        let entityOptions: [HTML] = [HTML("<option value=\"\">\(l[.allEntities])</option>")] + entities.map { entity in
            "<option value=\"\(entity)\"\(filter.entity == entity ? HTML(raw: " selected") : HTML.empty)>\(entityName(entity, l))</option>"
        }
        let actionOptions: [HTML] = [HTML("<option value=\"\">\(l[.allActions])</option>")] + AuditAction.allCases.map { action in
            "<option value=\"\(action.rawValue)\"\(filter.action == action ? HTML(raw: " selected") : HTML.empty)>\(actionName(action, l))</option>"
        }
        let users = try await User.query(on: request.db).sort(\.$username).limit(500).all()
        let actorOptions: [HTML] = [HTML("<option value=\"\">\(l[.auditWho])</option>")] + users.map { user in
            "<option value=\"\(user.id ?? 0)\"\(filter.actorID == user.id ? HTML(raw: " selected") : HTML.empty)>\(user.username)</option>"
        }
        var keep: [String] = []
        if let entity = filter.entity { keep.append("entity=\(entity.urlQueryEscaped)") }
        if let id = filter.entityID { keep.append("entity_id=\(id)") }
        if let actor = filter.actorID { keep.append("actor_id=\(actor)") }
        if let action = filter.action { keep.append("action=\(action.rawValue)") }
        let content: HTML = """
        <form class="filters card" method="get" action="\(SitePath.audit)" id="audit-filter">
          <div class="field"><label for="f-entity">\(l[.auditEntity])</label><select id="f-entity" name="entity">\(entityOptions)</select></div>
          <div class="field"><label for="f-entity_id">\(l[.auditRecord])</label><input id="f-entity_id" type="text" name="entity_id" value="\(filter.entityID.map(String.init) ?? "")" size="6"></div>
          <div class="field"><label for="f-actor_id">\(l[.auditWho])</label><select id="f-actor_id" name="actor_id">\(actorOptions)</select></div>
          <div class="field"><label for="f-action">\(l[.auditAction])</label><select id="f-action" name="action">\(actionOptions)</select></div>
          <button type="submit">\(l[.filter])</button> <a class="button ghost" href="\(SitePath.audit)">\(l[.reset])</a>
        </form>
        <div class="table-card"><table id="audit-table">
          <thead><tr><th>\(l[.auditWhen])</th><th>\(l[.auditWho])</th><th>\(l[.auditAction])</th><th>\(l[.auditEntity])</th><th>\(l[.auditRecord])</th><th>\(l[.auditChanges])</th></tr></thead>
          <tbody>\(rows.isEmpty ? [HTML("<tr><td colspan=\"6\" class=\"muted\">\(l[.noRecords])</td></tr>")] : rows)</tbody>
        </table></div>
        \(Pager.links(next: page.next, l: l, base: SitePath.audit.description, isFirst: request.query[String.self, at: "after"] == nil, extraQuery: keep.joined(separator: "&")))
        """
        return Layout.page(l[.auditTitle], context, content: content)
    }

    /// A record type as people call it.
    static func entityName(_ entity: String, _ l: Localizer) -> String {
        switch entity {
        case "user": l[.entityUser]
        case "team": l[.entityTeam]
        case "api_token": l[.entityAPIToken]
        case "session": l[.entitySession]
        case "customer": l[.entityCustomer]
        case "contact": l[.entityContact]
        case "interaction": l[.entityInteraction]
        case "task": l[.entityTask]
        case "product": l[.entityProduct]
        case "segment": l[.entitySegment]
        case "follow_up_rule": l[.entityRule]
        default: entity
        }
    }

    static func actionName(_ action: AuditAction, _ l: Localizer) -> String {
        switch action {
        case .create: l[.actionCreate]
        case .update: l[.actionUpdate]
        case .delete: l[.actionDelete]
        case .login: l[.actionLogin]
        case .logout: l[.actionLogout]
        case .revoke: l[.actionRevoke]
        case .restore: l[.actionRestore]
        case .merge: l[.actionMerge]
        case .import: l[.actionImport]
        case .erase: l[.actionErase]
        }
    }
}

/// The audit filters of a query string, shared by the page and the API.
enum AuditFilterQuery {
    static func parse(_ request: Request) throws -> AuditLog.Filter {
        func integer(_ name: String) throws -> Int64? {
            guard let text = request.query[String.self, at: name], !text.isEmpty else { return nil }
            guard let value = Int64(text) else {
                throw RequestProblem.badQuery(name: name, message: request.localizer[.fpMustBeInteger])
            }
            return value
        }
        var action: AuditAction?
        if let text = request.query[String.self, at: "action"], !text.isEmpty {
            guard let value = AuditAction(rawValue: text) else {
                throw RequestProblem.badQuery(name: "action", message: request.localizer(.fpNotOneOf, ["values": AuditAction.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
            action = value
        }
        let entity = request.query[String.self, at: "entity"].flatMap { $0.isEmpty ? nil : $0 }
        return AuditLog.Filter(entity: entity, entityID: try integer("entity_id"), actorID: try integer("actor_id"), action: action)
    }
}
