import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer's open tasks on the 360 page, with the form that sets a reminder.
enum OpenTasksPanel {
    static let panel = CustomerPanel(id: "open-tasks", column: .side) { input in
        let tasks = try await input.request.tasks.openTasks(of: input.customerID, includeDeleted: input.isDeleted, by: input.actor)
        let names = try await User.displayNames(Set(tasks.compactMap { $0.$assignee.id }), on: input.request.db)
        return view(tasks, assignees: names, input.scope)
    }

    static func view(_ tasks: [FollowUpTask], assignees names: [Int64: String], _ scope: CustomerPanelScope) -> HTML {
        let l = scope.context.l, context = scope.context, format = scope.format
        let id = scope.customerID
        let noErrors: [String: String] = [:]
        let rows: [HTML] = tasks.map { task in
            let overdue: HTML = task.dueAt < scope.now ? "<span class=\"pill bad\">\(l[.overdueBadge])</span>" : .empty
            let changeable = !scope.isDeleted && TaskList.mayChange(task, customerWritable: scope.canWrite, by: scope.actor)
            let title: HTML = changeable ? "<a href=\"\(SitePath.taskEdit(task.id ?? 0))?return_to=\(SitePath.customer(id))\">\(task.title)</a>" : "\(task.title)"
            return """
            <li><div><strong>\(title)</strong> \(overdue)</div>
            <div class="meta">\(l[.dueAt]) \(format.dateTime(task.dueAt)) · \(l.priorityName(task.priority)) · \(task.$assignee.id.flatMap { names[$0] } ?? l[.none])</div>
            \(task.remindAt.map { HTML("<div class=\"meta\">\(l[.remindAt]) \(format.dateTime($0))</div>") } ?? HTML.empty)
            \(changeable ? HTML("<form class=\"inline\" method=\"post\" action=\"\(SitePath.taskDone(task.id ?? 0))\">\(context.csrfField)<input type=\"hidden\" name=\"return_to\" value=\"\(SitePath.customer(id))\"><button class=\"ghost\" type=\"submit\">✓ \(l[.markDone])</button></form>") : HTML.empty)</li>
            """
        }
        let form: HTML = scope.isDeleted ? .empty : """
            <details class="more" id="add-task"><summary>\(l[.setReminder])</summary>
            <form method="post" action="\(SitePath.tasks)" id="task-form">\(context.csrfField)
              <input type="hidden" name="customer_id" value="\(id)"><input type="hidden" name="return_to" value="\(SitePath.customer(id))">
              \(Form.text("title", label: l[.taskTitle], value: "", errors: noErrors, required: true))
              \(Form.text("due_at", label: l[.dueAt], value: format.inputDateTime(scope.now.addingTimeInterval(86_400)), errors: noErrors, type: "datetime-local"))
              \(Form.text("remind_at", label: l[.remindAt], value: "", errors: noErrors, type: "datetime-local"))
              \(Form.select("priority", label: l[.priority], options: TaskPriority.allCases.map { ($0.rawValue, l.priorityName($0)) }, selected: "normal", errors: noErrors))
              <button type="submit" id="save-task">\(l[.save])</button>
            </form></details>
            """
        return """
        <div class="card" id="open-tasks"><h2>\(l[.openTasks])</h2>
          \(rows.isEmpty ? HTML("<p class=\"muted\">\(l[.noTasks])</p>") : HTML("<ul class=\"timeline\" id=\"task-list\">\(rows)</ul>"))
          \(form)
        </div>
        """
    }
}
