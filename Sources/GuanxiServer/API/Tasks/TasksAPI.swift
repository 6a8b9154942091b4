import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/tasks` and `/customers/{id}/tasks`.
enum TasksAPI {
    static func register(_ api: APIBuilder) {
        let page = APIRoute.pageParameters
        api.on(.init(.GET, "/tasks", operationID: "listTasks",
                     summary: "Open tasks: mine (default), overdue among the people you may see, or my due reminders", tag: "tasks",
                     access: .signedIn, reach: .everyone, query: page + [.init(name: "view", description: "Which list", schema: .enumeration(TaskList.View.allCases.map(\.rawValue)))],
                     responses: [.init(.ok, "A page of tasks, soonest due first", schemaName: "TaskList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            var view = TaskList.View.mine
            if let text = request.query[String.self, at: "view"], !text.isEmpty {
                guard let value = TaskList.View(rawValue: text) else {
                    throw RequestProblem.badQuery(name: "view", message: request.localizer.message(for: .notOneOf(TaskList.View.allCases.map(\.rawValue))))
                }
                view = value
            }
            return try .json(ListBody(try await request.tasks.list(view, after: cursor, limit: limit, by: request.actor()), TaskBody.init))
        }
        api.on(.init(.GET, "/customers/{id}/tasks", operationID: "listCustomerTasks", summary: "A customer's open tasks", tag: "tasks",
                     access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The open tasks", schemaName: "TaskList")])) { request in
            let tasks = try await request.tasks.openTasks(of: try request.idParameter(), by: request.actor())
            return try .json(ListBody(Page(items: tasks, next: nil), TaskBody.init))
        }
        api.on(.init(.POST, "/tasks", operationID: "createTask", summary: "Create a follow-up task", tag: "tasks", access: .signedIn, reach: .addsToCustomer,
                     request: TaskInputBody.schemaName, requiring: ["due_at", "title"], responses: [.init(.created, "The new task", schemaName: TaskBody.schemaName),
                                                                  .init(.notFound, "No such customer, or not one you may see", schemaName: ErrorBody.schemaName)], rules: [.init(["assignee_id"], "an active user the caller may give tasks to"), .init(["remind_at"], "not after due_at"), .init(["customer_id"], "a customer the caller may change")])) { request in
            let body = try request.decodeJSON(TaskInputBody.self)
            var problems = FieldProblems()
            let draft = body.draft(over: .init(), &problems)
            try problems.throwIfAny()
            return try .json(TaskBody(task: try await request.tasks.create(draft, by: request.actor())), status: .created)
        }
        api.on(.init(.GET, "/tasks/{id}", operationID: "getTask", summary: "One task", tag: "tasks", access: .signedIn, reach: .readsCustomer,
                     responses: [.init(.ok, "The task", schemaName: TaskBody.schemaName)])) { request in
            try .json(TaskBody(task: try await request.tasks.task(id: try request.idParameter(), by: request.actor())))
        }
        api.on(.init(.PATCH, "/tasks/{id}", operationID: "updateTask", summary: "Change a task (e.g. status done); send the version you read",
                     tag: "tasks", access: .signedIn, reach: .changesCustomer, request: TaskInputBody.schemaName,
                     responses: [.init(.ok, "The changed task", schemaName: TaskBody.schemaName),
                                 .init(.forbidden, "Only the assignee, the creator or whoever may change the customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [.init(["assignee_id"], "an active user the caller may give tasks to"), .init(["remind_at"], "not after due_at"), .init(["customer_id"], "a customer the caller may change"), .customerFixed])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(TaskInputBody.self)
            let actor = try request.actor()
            let existing = try await request.tasks.task(id: id, by: actor)
            var problems = FieldProblems()
            if let customer = body.customer_id, customer != existing.$customer.id { problems["customer_id"] = .notAllowed }
            let draft = body.draft(over: TaskList.draft(of: existing), &problems)
            try problems.throwIfAny()
            return try .json(TaskBody(task: try await request.tasks.update(id: id, version: try requireVersion(body.version), draft, by: actor)))
        }
        api.on(.init(.DELETE, "/tasks/{id}", operationID: "deleteTask", summary: "Delete a task", tag: "tasks", access: .signedIn, reach: .changesCustomer,
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.forbidden, "Only the assignee, the creator or whoever may change the customer", schemaName: ErrorBody.schemaName)])) { request in
            try await request.tasks.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (TaskBody.schemaName, TaskBody.schema),
        (TaskInputBody.schemaName, TaskInputBody.schema),
        ("TaskList", ListBody<TaskBody>.schema(of: TaskBody.schemaName)),
    ]
}
