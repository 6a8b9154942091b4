import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Task lists and new tasks in the browser; a task's own page is `TaskPageController`.
struct TasksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.tasks, use: listTasks)
        routes.post(.tasks, use: createTask)
        routes.post(.taskDone(SitePath.anyID), use: completeTask)
    }

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
            let customer: HTML = task.$customer.id.map { id in HTML("<a href=\"\(SitePath.customer(id))\">\(customerNames[id] ?? "#\(id)")</a>") } ?? HTML("<span class=\"muted\">\(l[.noCustomer])</span>")
            let overdue: HTML = task.dueAt < now ? "<span class=\"pill bad\">\(l[.overdueBadge])</span>" : .empty
            let changeable = TaskList.mayChange(task, customerWritable: task.$customer.id.map(writableCustomers.contains) ?? false, by: actor)
            let title: HTML = changeable ? "<a href=\"\(SitePath.taskEdit(task.id ?? 0))?return_to=\(SitePath.tasks)\">\(task.title)</a>" : "\(task.title)"
            return """
            <tr data-task="\(task.id ?? 0)"><td>\(title) \(overdue)<div class="muted">\(l.priorityName(task.priority))</div></td><td>\(customer)</td>
            <td>\(format.dateTime(task.dueAt))<div class="muted">\(task.remindAt.map { l[.remindAt] + " " + format.dateTime($0) } ?? "")</div></td>
            <td>\(task.$assignee.id.flatMap { names[$0] } ?? l[.none])</td>
            <td>\(TaskList.mayChange(task, customerWritable: task.$customer.id.map(writableCustomers.contains) ?? false, by: actor) ? HTML("<form class=\"inline\" method=\"post\" action=\"\(SitePath.taskDone(task.id ?? 0))\">\(context.csrfField)<input type=\"hidden\" name=\"return_to\" value=\"\(SitePath.tasks)?view=\(view.rawValue)\"><button class=\"ghost\" type=\"submit\">✓ \(l[.markDone])</button></form>") : HTML.empty)</td></tr>
            """
        }
        let tabs: [HTML] = [(TaskList.View.mine, l[.myTasks]), (.overdue, l[.overdueTasks]), (.reminders, l[.reminders])].map { option, label in
            "<a class=\"button\(option == view ? "" : " ghost")\" id=\"tab-\(option.rawValue)\" href=\"\(SitePath.tasks)?view=\(option.rawValue)\">\(label)</a> "
        }
        let noErrors: [String: String] = [:]
        let content: HTML = """
        <div class="toolbar"><div>\(tabs)</div></div>
        <div class="table-card"><table id="tasks-table">
          <thead><tr><th>\(l[.taskTitle])</th><th>\(l[.customer])</th><th>\(l[.dueAt])</th><th>\(l[.assignee])</th><th></th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"5\" class=\"muted\">\(l[.noTasks])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        \(Pager.links(next: page.next, l: l, base: SitePath.tasks.description, isFirst: cursor == nil, extraQuery: "view=\(view.rawValue)"))
        <div class="card spaced"><h2>\(l[.newTask])</h2>
        <form method="post" action="\(SitePath.tasks)" class="filters" id="task-form">\(context.csrfField)<input type="hidden" name="return_to" value="\(SitePath.tasks)">
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
            return request.redirect(to: back, flash: .taskCreated)
        } catch GuanxiError.invalid(let problems) {
            let context = PageContext(request: request)
            let l = context.l
            let errors = problems.problems.mapValues { l.message(for: $0) }
            let content: HTML = """
            <div class="card">\(Form.banner(l[.errValidation]))
            <form method="post" action="\(SitePath.tasks)" class="stacked" id="task-form">\(context.csrfField)
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
        return request.redirect(to: back, flash: .taskCompleted)
    }
}
