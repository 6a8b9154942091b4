import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Contacts, interactions and tasks in the browser. Forms live on the customer page; a refused form comes back
/// on a page of its own with the errors next to the fields.
struct CustomerRecordsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("customers", ":id", "contacts", use: createContact)
        routes.get("contacts", ":id", "edit", use: editContact)
        routes.post("contacts", ":id", use: updateContact)
        routes.post("contacts", ":id", "delete", use: deleteContact)
        routes.post("customers", ":id", "interactions", use: createInteraction)
        routes.get("interactions", ":id", "edit", use: editInteraction)
        routes.post("interactions", ":id", use: updateInteraction)
        routes.post("interactions", ":id", "delete", use: deleteInteraction)
        routes.get("tasks", use: listTasks)
        routes.post("tasks", use: createTask)
        routes.post("tasks", ":id", "done", use: completeTask)
    }

    // MARK: Contacts

    struct ContactForm: Content {
        var name: String?, title: String?, phone: String?, mobile: String?, email: String?, wechat_id: String?, birthday: String?
        var is_primary: String?, version: Int?

        var draft: ContactBook.Draft {
            var draft = ContactBook.Draft()
            draft.name = name ?? ""; draft.title = title ?? ""; draft.phone = phone ?? ""; draft.mobile = mobile ?? ""
            draft.email = email ?? ""; draft.wechatID = wechat_id ?? ""; draft.birthday = birthday ?? ""; draft.isPrimary = is_primary == "true"
            return draft
        }
    }

    @Sendable func createContact(_ request: Request) async throws -> Response {
        let customerID = try request.idParameter()
        let values = try request.content.decode(ContactForm.self)
        do {
            let contact = try await request.contacts.create(customerID: customerID, values.draft, by: request.actor())
            return request.redirect(to: "/customers/\(customerID)?notice=contactAdded&name=\(contact.name.urlQueryEscaped)#contacts")
        } catch GuanxiError.invalid(let problems) {
            return try contactForm(request, action: "/customers/\(customerID)/contacts", back: "/customers/\(customerID)", values: values, problems: problems)
        }
    }

    @Sendable func editContact(_ request: Request) async throws -> Response {
        let contact = try await request.contacts.contact(id: try request.idParameter(), by: request.actor())
        let values = ContactForm(name: contact.name, title: contact.title, phone: contact.phone, mobile: contact.mobile, email: contact.email,
                                 wechat_id: contact.wechatID, birthday: contact.birthday, is_primary: contact.isPrimary ? "true" : nil,
                                 version: contact.version)
        return try contactForm(request, action: "/contacts/\(contact.id ?? 0)", back: "/customers/\(contact.$customer.id)", values: values,
                               problems: FieldProblems(), deletable: contact.id, status: .ok)
    }

    @Sendable func updateContact(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(ContactForm.self)
        let actor = try request.actor()
        let existing = try await request.contacts.contact(id: id, by: actor)
        do {
            let contact = try await request.contacts.update(id: id, version: values.version ?? 0, values.draft, by: actor)
            return request.redirect(to: "/customers/\(contact.$customer.id)?notice=contactUpdated&name=\(contact.name.urlQueryEscaped)#contacts")
        } catch GuanxiError.invalid(let problems) {
            return try contactForm(request, action: "/contacts/\(id)", back: "/customers/\(existing.$customer.id)", values: values, problems: problems,
                                   deletable: id)
        }
    }

    @Sendable func deleteContact(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        let contact = try await request.contacts.contact(id: try request.idParameter(), by: actor)
        try await request.contacts.delete(id: contact.id ?? 0, by: actor)
        return request.redirect(to: "/customers/\(contact.$customer.id)?notice=contactDeleted#contacts")
    }

    private func contactForm(_ request: Request, action: String, back: String, values: ContactForm, problems: FieldProblems,
                             deletable: Int64? = nil, status: HTTPStatus = .unprocessableEntity) throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let deleteForm: HTML = deletable.map { id in
            HTML("<form method=\"post\" action=\"/contacts/\(id)/delete\" onsubmit=\"return confirm('\(l[.confirmDeleteContact])')\">\(context.csrfField)<button class=\"danger\" type=\"submit\">\(l[.delete])</button></form>")
        } ?? .empty
        let content: HTML = """
        <div class="card">\(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(action)" class="stacked" id="contact-form">\(context.csrfField)
          \(values.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          \(Form.text("name", label: l[.contactName], value: values.name ?? "", errors: errors, required: true))
          \(Form.text("title", label: l[.jobTitle], value: values.title ?? "", errors: errors))
          \(Form.text("mobile", label: l[.mobile], value: values.mobile ?? "", errors: errors))
          \(Form.text("phone", label: l[.phone], value: values.phone ?? "", errors: errors))
          \(Form.text("email", label: l[.email], value: values.email ?? "", errors: errors, type: "email"))
          \(Form.text("wechat_id", label: l[.wechat], value: values.wechat_id ?? "", errors: errors))
          \(Form.text("birthday", label: l[.birthday], value: values.birthday ?? "", errors: errors, type: "date"))
          \(Form.checkbox("is_primary", label: l[.primaryContact], checked: values.is_primary == "true"))
          <div class="form-actions"><button type="submit" id="save-contact">\(l[.save])</button><a class="button ghost" href="\(back)">\(l[.cancel])</a></div>
        </form></div>\(deleteForm)
        """
        let response = Layout.page(deletable == nil ? l[.newContact] : l[.editContact], context, content: content)
        response.status = status
        return response
    }

    // MARK: Interactions

    struct InteractionForm: Content {
        var channel: String?, direction: String?, contact_id: String?, occurred_at: String?, duration_minutes: String?
        var subject: String?, outcome: String?, queue_wait_seconds: String?, abandoned: String?, notes: String?
        var version: Int?

        /// The draft the form describes, and the problems of the cells that are not even the right kind of value.
        func draft(timeZone: TimeZone) -> (InteractionLog.Draft, FieldProblems) {
            var problems = FieldProblems()
            var draft = InteractionLog.Draft()
            if let channel = channel.flatMap(InteractionChannel.init(rawValue:)) { draft.channel = channel }
            else { problems["channel"] = .notOneOf(InteractionChannel.allCases.map(\.rawValue)) }
            draft.direction = direction.flatMap(InteractionDirection.init(rawValue:)) ?? .outbound
            if let text = contact_id, !text.isEmpty { draft.contactID = Int64(text) }
            if let text = occurred_at, !text.isEmpty {
                if let date = LocalDateParser.dateTime(text, timeZone: timeZone) { draft.occurredAt = date } else { problems["occurred_at"] = .invalidDate }
            }
            if let text = duration_minutes, !text.isEmpty {
                // The form asks for minutes; the limit is the log's, a day.
                let maximumMinutes = InteractionLog.maximumDurationSeconds / 60
                if let minutes = Int(text) {
                    if (0...maximumMinutes).contains(minutes) { draft.durationSeconds = minutes * 60 }
                    else { problems["duration_minutes"] = .outOfRange(minimum: 0, maximum: maximumMinutes) }
                } else { problems["duration_minutes"] = .mustBeInteger }
            }
            if let text = queue_wait_seconds, !text.isEmpty {
                if let seconds = Int(text) { draft.queueWaitSeconds = seconds } else { problems["queue_wait_seconds"] = .mustBeInteger }
            }
            if abandoned == "true" { draft.abandoned = true }
            else if draft.channel == .callCenter && draft.direction == .inbound { draft.abandoned = false }
            draft.subject = subject ?? ""
            draft.outcome = outcome ?? ""
            draft.notes = notes ?? ""
            return (draft, problems)
        }
    }

    @Sendable func createInteraction(_ request: Request) async throws -> Response {
        let customerID = try request.idParameter()
        let values = try request.content.decode(InteractionForm.self)
        let (draft, problems) = values.draft(timeZone: request.guanxi.settings.timeZone)
        do {
            try problems.throwIfAny()
            _ = try await request.interactions.create(customerID: customerID, draft, by: request.actor())
            return request.redirect(to: "/customers/\(customerID)?notice=interactionLogged#timeline")
        } catch GuanxiError.invalid(let problems) {
            return try await interactionForm(request, action: "/customers/\(customerID)/interactions", customerID: customerID, values: values,
                                             problems: problems)
        }
    }

    @Sendable func editInteraction(_ request: Request) async throws -> Response {
        let interaction = try await request.interactions.interaction(id: try request.idParameter(), by: request.actor())
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        let values = InteractionForm(
            channel: interaction.channel.rawValue, direction: interaction.direction.rawValue,
            contact_id: interaction.$contact.id.map(String.init), occurred_at: format.inputDateTime(interaction.occurredAt),
            duration_minutes: interaction.durationSeconds > 0 ? String(interaction.durationSeconds / 60) : "",
            subject: interaction.subject, outcome: interaction.outcome, queue_wait_seconds: interaction.queueWaitSeconds.map(String.init),
            abandoned: interaction.abandoned == true ? "true" : nil, notes: interaction.notes, version: interaction.version)
        return try await interactionForm(request, action: "/interactions/\(interaction.id ?? 0)", customerID: interaction.$customer.id,
                                         values: values, problems: FieldProblems(), deletable: interaction.id, status: .ok)
    }

    @Sendable func updateInteraction(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(InteractionForm.self)
        let actor = try request.actor()
        let existing = try await request.interactions.interaction(id: id, by: actor)
        var (draft, problems) = values.draft(timeZone: request.guanxi.settings.timeZone)
        // A form that leaves the contact alone keeps it; the edit form always sends the field.
        if values.contact_id == nil { draft.contactID = existing.$contact.id }
        do {
            try problems.throwIfAny()
            let interaction = try await request.interactions.update(id: id, version: values.version ?? 0, draft, by: actor)
            return request.redirect(to: "/customers/\(interaction.$customer.id)?notice=interactionUpdated#timeline")
        } catch GuanxiError.invalid(let problems) {
            return try await interactionForm(request, action: "/interactions/\(id)", customerID: existing.$customer.id, values: values,
                                             problems: problems, deletable: id)
        }
    }

    @Sendable func deleteInteraction(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        let interaction = try await request.interactions.interaction(id: try request.idParameter(), by: actor)
        try await request.interactions.delete(id: interaction.id ?? 0, by: actor)
        return request.redirect(to: "/customers/\(interaction.$customer.id)?notice=interactionDeleted#timeline")
    }

    /// The interaction form on a page of its own: for corrections, and when the 360 page's quick form was refused.
    private func interactionForm(_ request: Request, action: String, customerID: Int64, values: InteractionForm, problems: FieldProblems,
                                 deletable: Int64? = nil, status: HTTPStatus = .unprocessableEntity) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        var errors = problems.problems.mapValues { l.message(for: $0) }
        if let message = errors.removeValue(forKey: "duration_seconds") { errors["duration_minutes"] = message }
        let contacts = try await request.contacts.contacts(of: customerID, by: request.actor())
        let contactOptions = [("", l[.none])] + contacts.map { (String($0.id ?? 0), $0.name) }
        let deleteForm: HTML = deletable.map { id in
            HTML("""
                <form method="post" action="/interactions/\(id)/delete" onsubmit="return confirm('\(l[.confirmDeleteInteraction])')">\(context.csrfField)\
                <button class="danger" type="submit" id="delete-interaction">\(l[.delete])</button></form>
                """)
        } ?? .empty
        let content: HTML = """
        <div class="card">\(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(action)" class="stacked" id="interaction-form">\(context.csrfField)
          \(values.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          \(Form.select("channel", label: l[.channel], options: InteractionChannel.allCases.map { ($0.rawValue, l.channelName($0)) }, selected: values.channel ?? "", errors: errors))
          \(Form.select("direction", label: l[.direction], options: [("outbound", l[.outbound]), ("inbound", l[.inbound])], selected: values.direction ?? "", errors: errors))
          \(Form.select("contact_id", label: l[.contactPerson], options: contactOptions, selected: values.contact_id ?? "", errors: errors))
          \(Form.text("occurred_at", label: l[.occurredAt], value: values.occurred_at ?? "", errors: errors, type: "datetime-local"))
          \(Form.text("duration_minutes", label: l[.durationMinutes], value: values.duration_minutes ?? "", errors: errors, type: "number"))
          \(Form.text("subject", label: l[.subject], value: values.subject ?? "", errors: errors))
          \(Form.text("outcome", label: l[.outcome], value: values.outcome ?? "", errors: errors))
          \(Form.text("queue_wait_seconds", label: l[.queueWait], value: values.queue_wait_seconds ?? "", errors: errors, type: "number"))
          \(Form.checkbox("abandoned", label: l[.abandoned], checked: values.abandoned == "true"))
          \(Form.textarea("notes", label: l[.notes], value: values.notes ?? "", errors: errors))
          <div class="form-actions"><button type="submit" id="save-interaction">\(l[.save])</button><a class="button ghost" href="/customers/\(customerID)#timeline">\(l[.cancel])</a></div>
        </form></div>\(deleteForm)
        """
        let response = Layout.page(deletable == nil ? l[.logInteraction] : l[.editInteraction], context, content: content)
        response.status = status
        return response
    }

    // MARK: Tasks

    @Sendable func listTasks(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let actor = try request.actor()
        let view = request.query[String.self, at: "view"].flatMap(TaskList.View.init(rawValue:)) ?? .mine
        let cursor = try? request.pageRequest().cursor
        let page = try await request.tasks.list(view, after: cursor ?? nil, limit: 50, by: actor)
        let customerIDs = Set(page.items.compactMap { $0.$customer.id })
        let customers = try await Customer.query(on: request.db).filter(\.$id ~~ customerIDs).all()
        let customerNames = Dictionary(customers.compactMap { c in c.id.map { ($0, c.name) } }, uniquingKeysWith: { a, _ in a })
        // Whose customers this user may change (nil: everyone's), so that 'done' is offered only where it will be accepted.
        let writableOwners = try await CustomerAccess.ownerIDs(actor.access.writeScope, on: request.db).map(Set.init)
        let writableCustomers = Set(customers.filter { customer in
            writableOwners.map { owners in customer.$owner.id.map(owners.contains) ?? false } ?? true
        }.compactMap(\.id))
        let assigneeIDs = Set(page.items.compactMap { $0.$assignee.id })
        let users = try await User.query(on: request.db).filter(\.$id ~~ assigneeIDs).all()
        let names = Dictionary(users.compactMap { u in u.id.map { ($0, u.displayName) } }, uniquingKeysWith: { a, _ in a })
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        let now = request.guanxi.clock.now()
        let rows: [HTML] = page.items.map { task in
            let customer: HTML = task.$customer.id.map { id in HTML("<a href=\"/customers/\(id)\">\(customerNames[id] ?? "#\(id)")</a>") } ?? HTML("<span class=\"muted\">\(l[.noCustomer])</span>")
            let overdue: HTML = task.dueAt < now ? "<span class=\"pill bad\">\(l[.overdueBadge])</span>" : .empty
            let changeable = TaskList.mayChange(task, customerWritable: task.$customer.id.map(writableCustomers.contains) ?? false, by: actor)
            let title: HTML = changeable ? "<a href=\"/tasks/\(task.id ?? 0)/edit?return_to=/tasks\">\(task.title)</a>" : "\(task.title)"
            return """
            <tr data-task="\(task.id ?? 0)"><td>\(title) \(overdue)<div class="muted">\(l.priorityName(task.priority))</div></td><td>\(customer)</td>
            <td>\(format.dateTime(task.dueAt))<div class="muted">\(task.remindAt.map { l[.remindAt] + " " + format.dateTime($0) } ?? "")</div></td>
            <td>\(task.$assignee.id.flatMap { names[$0] } ?? l[.none])</td>
            <td>\(TaskList.mayChange(task, customerWritable: task.$customer.id.map(writableCustomers.contains) ?? false, by: actor) ? HTML("<form class=\"inline\" method=\"post\" action=\"/tasks/\(task.id ?? 0)/done\">\(context.csrfField)<input type=\"hidden\" name=\"return_to\" value=\"/tasks?view=\(view.rawValue)\"><button class=\"ghost\" type=\"submit\">✓ \(l[.markDone])</button></form>") : HTML.empty)</td></tr>
            """
        }
        let tabs: [HTML] = [(TaskList.View.mine, l[.myTasks]), (.overdue, l[.overdueTasks]), (.reminders, l[.reminders])].map { option, label in
            "<a class=\"button\(option == view ? "" : " ghost")\" id=\"tab-\(option.rawValue)\" href=\"/tasks?view=\(option.rawValue)\">\(label)</a> "
        }
        let noErrors: [String: String] = [:]
        let content: HTML = """
        <div class="toolbar"><div>\(tabs)</div></div>
        <div class="table-card"><table id="tasks-table">
          <thead><tr><th>\(l[.taskTitle])</th><th>\(l[.customer])</th><th>\(l[.dueAt])</th><th>\(l[.assignee])</th><th></th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"5\" class=\"muted\">\(l[.noTasks])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        \(Pager.links(next: page.next, l: l, base: "/tasks", isFirst: cursor == nil, extraQuery: "view=\(view.rawValue)"))
        <div class="card" style="margin-top:1.25rem"><h2>\(l[.newTask])</h2>
        <form method="post" action="/tasks" class="filters" id="task-form">\(context.csrfField)<input type="hidden" name="return_to" value="/tasks">
          \(Form.text("title", label: l[.taskTitle], value: "", errors: noErrors, required: true))
          \(Form.text("due_at", label: l[.dueAt], value: format.inputDateTime(now.addingTimeInterval(86_400)), errors: noErrors, type: "datetime-local"))
          \(Form.text("remind_at", label: l[.remindAt], value: "", errors: noErrors, type: "datetime-local"))
          <button type="submit">\(l[.create])</button>
        </form></div>
        """
        return Layout.page(l[.tasksTitle], context, content: content)
    }

    struct TaskForm: Content {
        var customer_id: String?, title: String?, due_at: String?, remind_at: String?, priority: String?, return_to: String?
    }

    @Sendable func createTask(_ request: Request) async throws -> Response {
        let values = try request.content.decode(TaskForm.self)
        let timeZone = request.guanxi.settings.timeZone
        var problems = FieldProblems()
        var draft = TaskList.Draft()
        draft.customerID = values.customer_id.flatMap { Int64($0) }
        draft.title = values.title ?? ""
        if let text = values.due_at, !text.isEmpty {
            if let date = LocalDateParser.dateTime(text, timeZone: timeZone) { draft.dueAt = date } else { problems["due_at"] = .invalidDate }
        }
        if let text = values.remind_at, !text.isEmpty {
            if let date = LocalDateParser.dateTime(text, timeZone: timeZone) { draft.remindAt = date } else { problems["remind_at"] = .invalidDate }
        }
        draft.priority = values.priority.flatMap(TaskPriority.init(rawValue:)) ?? .normal
        let back = request.safeReturnPath(values.return_to)
        do {
            // Report the form's own problems and the task rules' together.
            var combined = problems
            do { _ = try TaskList.validated(draft) } catch GuanxiError.invalid(let more) {
                for (key, value) in more.problems where combined[key] == nil { combined[key] = value }
            }
            try combined.throwIfAny()
            _ = try await request.tasks.create(draft, by: request.actor())
            return request.redirect(to: back + (back.contains("?") ? "&" : "?") + "notice=taskCreated")
        } catch GuanxiError.invalid(let problems) {
            let context = PageContext(request: request)
            let l = context.l
            let errors = problems.problems.mapValues { l.message(for: $0) }
            let content: HTML = """
            <div class="card">\(Form.banner(l[.errValidation]))
            <form method="post" action="/tasks" class="stacked" id="task-form">\(context.csrfField)
              <input type="hidden" name="customer_id" value="\(values.customer_id ?? "")"><input type="hidden" name="return_to" value="\(back)">
              \(Form.text("title", label: l[.taskTitle], value: values.title ?? "", errors: errors, required: true))
              \(Form.text("due_at", label: l[.dueAt], value: values.due_at ?? "", errors: errors, type: "datetime-local"))
              \(Form.text("remind_at", label: l[.remindAt], value: values.remind_at ?? "", errors: errors, type: "datetime-local"))
              \(Form.select("priority", label: l[.priority], options: TaskPriority.allCases.map { ($0.rawValue, l.priorityName($0)) }, selected: values.priority ?? "normal", errors: errors))
              <div class="form-actions"><button type="submit" id="save-task">\(l[.save])</button><a class="button ghost" href="\(back)">\(l[.cancel])</a></div>
            </form></div>
            """
            let response = Layout.page(l[.newTask], context, content: content)
            response.status = .unprocessableEntity
            return response
        }
    }

    struct DoneForm: Content { var return_to: String? }

    @Sendable func completeTask(_ request: Request) async throws -> Response {
        let values = try request.content.decode(DoneForm.self)
        _ = try await request.tasks.setStatus(id: try request.idParameter(), .done, by: request.actor())
        let back = request.safeReturnPath(values.return_to)
        return request.redirect(to: back + (back.contains("?") ? "&" : "?") + "notice=taskCompleted")
    }
}
