import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Follow-up rules in the browser: rules that create tasks by themselves.
struct FollowUpRulesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.rules, use: rules)
        routes.post(.rules, use: createRule)
        routes.post(.ruleDelete(SitePath.anyID), use: deleteRule)
    }

    @Sendable func rules(_ request: Request) async throws -> Response {
        try await rulesPage(request, values: RuleForm(trigger: "no_interaction", days: "14", priority: "normal"), problems: FieldProblems(), status: .ok)
    }

    struct RuleForm: Content {
        var name: String?, trigger: String?, days: String?, tag: String?, stage: String?, channel: String?, task_title: String?, priority: String?
    }

    @Sendable func createRule(_ request: Request) async throws -> Response {
        let values = try request.content.decode(RuleForm.self)
        var problems = FieldProblems()
        var draft = FollowUpRuleBook.Draft()
        draft.name = values.name ?? ""
        draft.trigger = values.trigger.flatMap(FollowUpTrigger.init(rawValue:)) ?? .noInteraction
        if let days = values.days.flatMap({ Int($0) }) { draft.days = days } else { problems["days"] = .mustBeInteger }
        draft.tag = values.tag.flatMap { $0.isEmpty ? nil : $0 }
        draft.stage = values.stage.flatMap(LifecycleStage.init(rawValue:))
        draft.channel = values.channel.flatMap(InteractionChannel.init(rawValue:))
        draft.taskTitle = values.task_title ?? ""
        draft.priority = values.priority.flatMap(TaskPriority.init(rawValue:)) ?? .normal
        do {
            try problems.throwIfAny()
            let rule = try await request.rules.create(draft, by: request.actor())
            return request.redirect(to: SitePath.rules, flash: .ruleCreated, name: rule.name)
        } catch GuanxiError.invalid(let problems) {
            return try await rulesPage(request, values: values, problems: problems, status: .unprocessableEntity)
        }
    }

    @Sendable func deleteRule(_ request: Request) async throws -> Response {
        try await request.rules.delete(id: try request.idParameter(), by: request.actor())
        return request.redirect(to: SitePath.rules, flash: .ruleDeleted)
    }

    private func rulesPage(_ request: Request, values: RuleForm, problems: FieldProblems, status: HTTPStatus) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let actor = try request.actor()
        let canEdit = actor.role == .admin || actor.role == .manager
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let all = try await request.rules.rules()
        let rows: [HTML] = all.map { rule in
            var scope: [String] = []
            if let tag = rule.tag { scope.append("\(l[.tags]): \(tag)") }
            if let stage = rule.stage { scope.append(l.stageName(stage)) }
            if let channel = rule.channel { scope.append(l.channelName(channel)) }
            let delete: HTML = canEdit ? "<form class=\"inline\" method=\"post\" action=\"\(SitePath.ruleDelete(rule.id ?? 0))\" data-confirm=\"\(l[.confirmDeleteRule])\">\(context.csrfField)<button class=\"ghost\" type=\"submit\">\(l[.delete])</button></form>" : .empty
            return "<tr><td>\(rule.name)</td><td>\(l.triggerName(rule.trigger)) · N = \(rule.days)</td><td>\(scope.joined(separator: " · "))</td><td>\(rule.taskTitle) <span class=\"muted\">(\(l.priorityName(rule.priority)))</span></td><td>\(delete)</td></tr>"
        }
        let form: HTML = canEdit ? """
            <div class="card"><h2>\(l[.newRule])</h2>\(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
            <form method="post" action="\(SitePath.rules)" id="rule-form">\(context.csrfField)<div class="grid-form">
              \(Form.text("name", label: l[.ruleName], value: values.name ?? "", errors: errors, required: true))
              \(Form.select("trigger", label: l[.trigger], options: FollowUpTrigger.allCases.map { ($0.rawValue, l.triggerName($0)) }, selected: values.trigger ?? "", errors: errors))
              \(Form.text("days", label: l[.days], value: values.days ?? "", errors: errors, type: "number"))
              \(Form.text("tag", label: l[.onlyTag], value: values.tag ?? "", errors: errors))
              \(Form.select("stage", label: l[.stage], options: [("", l[.anyStage])] + LifecycleStage.allCases.map { ($0.rawValue, l.stageName($0)) }, selected: values.stage ?? "", errors: errors))
              \(Form.select("channel", label: l[.channel], options: [("", l[.anyChannel])] + InteractionChannel.allCases.map { ($0.rawValue, l.channelName($0)) }, selected: values.channel ?? "", errors: errors))
              \(Form.text("task_title", label: l[.ruleTaskTitle], value: values.task_title ?? "", errors: errors, required: true))
              \(Form.select("priority", label: l[.priority], options: TaskPriority.allCases.map { ($0.rawValue, l.priorityName($0)) }, selected: values.priority ?? "normal", errors: errors))
            </div><button type="submit" id="save-rule">\(l[.create])</button></form></div>
            """ : .empty
        let content: HTML = """
        <p class="muted">\(l[.ruleHint])</p>
        <div class="table-card"><table id="rules-table">
          <thead><tr><th>\(l[.ruleName])</th><th>\(l[.trigger])</th><th>\(l[.filters])</th><th>\(l[.ruleTaskTitle])</th><th></th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"5\" class=\"muted\">\(l[.noRules])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        <div class="spaced">\(form)</div>
        """
        let response = Layout.page(l[.rulesTitle], context, content: content)
        response.status = status
        return response
    }
}
