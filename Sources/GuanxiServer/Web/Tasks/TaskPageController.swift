import GuanxiCore
import GuanxiStore
import Vapor

/// One task's page: change its title, notes, due and reminder times, priority and status, or delete it.
struct TaskPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.taskEdit(SitePath.anyID), use: edit)
        routes.post(.task(SitePath.anyID), use: update)
        routes.post(.taskDelete(SitePath.anyID), use: delete)
    }

    struct EditForm: Content {
        var title: String?, notes: String?, due_at: String?, remind_at: String?, priority: String?, status: String?
        var version: Int?, return_to: String?
    }

    @Sendable func edit(_ request: Request) async throws -> Response {
        let task = try await request.tasks.task(id: try request.idParameter(), by: request.actor())
        guard try await request.tasks.canWrite(task, by: request.actor()) else { throw GuanxiError.notFound(entity: "task") }
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        let values = EditForm(title: task.title, notes: task.notes, due_at: format.inputDateTime(task.dueAt),
                              remind_at: task.remindAt.map(format.inputDateTime), priority: task.priority.rawValue,
                              status: task.status.rawValue, version: task.version,
                              return_to: request.query[String.self, at: "return_to"])
        return form(request, task: task, values: values, problems: FieldProblems(), status: .ok)
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let values = try request.content.decode(EditForm.self)
        let task = try await request.tasks.task(id: id, by: actor)
        let timeZone = request.guanxi.settings.timeZone
        var problems = FieldProblems()
        var draft = TaskList.draft(of: task)
        draft.title = values.title ?? ""
        draft.notes = values.notes ?? ""
        if let text = values.due_at, !text.isEmpty {
            if let date = LocalDateParser.dateTime(text, timeZone: timeZone) { draft.dueAt = date } else { problems["due_at"] = .invalidDate }
        } else {
            problems["due_at"] = .required
        }
        draft.remindAt = nil
        if let text = values.remind_at, !text.isEmpty {
            if let date = LocalDateParser.dateTime(text, timeZone: timeZone) { draft.remindAt = date } else { problems["remind_at"] = .invalidDate }
        }
        draft.priority = values.priority.flatMap(TaskPriority.init(rawValue:)) ?? draft.priority
        draft.status = values.status.flatMap(TaskStatus.init(rawValue:)) ?? draft.status
        do {
            // The form's own problems and the task rules' together.
            var combined = problems
            do { _ = try TaskList.validated(draft) } catch GuanxiError.invalid(let more) {
                for (key, value) in more.problems where combined[key] == nil { combined[key] = value }
            }
            try combined.throwIfAny()
            _ = try await request.tasks.update(id: id, version: values.version ?? 0, draft, by: actor)
            let back = backPath(request, values, task)
            return request.redirect(to: back, flash: .taskUpdated)
        } catch GuanxiError.invalid(let problems) {
            return form(request, task: task, values: values, problems: problems, status: .unprocessableEntity)
        }
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        let values = try request.content.decode(EditForm.self)
        let task = try await request.tasks.task(id: try request.idParameter(), by: actor)
        try await request.tasks.delete(id: task.id ?? 0, by: actor)
        let back = backPath(request, values, task)
        return request.redirect(to: back, flash: .taskDeleted)
    }

    /// Where the user came from: the given page, else the task's customer or the task list.
    private func backPath(_ request: Request, _ values: EditForm, _ task: FollowUpTask) -> String {
        if let path = values.return_to, !path.isEmpty { return request.safeReturnPath(path) }
        return task.$customer.id.map { SitePath.customer($0).description } ?? SitePath.tasks.description
    }

    private func form(_ request: Request, task: FollowUpTask, values: EditForm, problems: FieldProblems, status: HTTPStatus) -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let id = task.id ?? 0
        let back = backPath(request, values, task)
        let content: HTML = """
        <div class="card">\(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(SitePath.task(id))" class="stacked" id="task-edit-form">\(context.csrfField)
          <input type="hidden" name="version" value="\(values.version ?? 0)"><input type="hidden" name="return_to" value="\(back)">
          \(Form.text("title", label: l[.taskTitle], value: values.title ?? "", errors: errors, required: true))
          \(Form.textarea("notes", label: l[.notes], value: values.notes ?? "", errors: errors))
          \(Form.text("due_at", label: l[.dueAt], value: values.due_at ?? "", errors: errors, type: "datetime-local", required: true))
          \(Form.text("remind_at", label: l[.remindAt], value: values.remind_at ?? "", errors: errors, type: "datetime-local"))
          \(Form.select("priority", label: l[.priority], options: TaskPriority.allCases.map { ($0.rawValue, l.priorityName($0)) }, selected: values.priority ?? "normal", errors: errors))
          \(Form.select("status", label: l[.status], options: TaskStatus.allCases.map { ($0.rawValue, l.statusName($0)) }, selected: values.status ?? "open", errors: errors))
          <div class="form-actions"><button type="submit" id="save-task">\(l[.save])</button><a class="button ghost" href="\(back)">\(l[.cancel])</a></div>
        </form></div>
        <form method="post" action="\(SitePath.taskDelete(id))" data-confirm="\(l[.confirmDeleteTask])">\(context.csrfField)<input type="hidden" name="return_to" value="\(back)"><button class="danger" id="delete-task" type="submit">\(l[.delete])</button></form>
        """
        let response = Layout.page(l[.editTask], context, content: content)
        response.status = status
        return response
    }
}
