import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/follow-up-rules`: rules that create follow-up tasks.
enum FollowUpRulesAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/follow-up-rules", operationID: "listFollowUpRules", summary: "Rules that create follow-up tasks", tag: "follow-up rules",
                     access: .signedIn, reach: .everyone, responses: [.init(.ok, "Every rule", schemaName: "FollowUpRuleList")])) { request in
            try .json(ListBody(Page(items: try await request.rules.rules(), next: nil), FollowUpRuleBody.init))
        }
        api.on(.init(.POST, "/follow-up-rules", operationID: "createFollowUpRule", summary: "Create a rule (administrators and managers)",
                     tag: "follow-up rules", access: .signedIn, reach: .roles([.admin, .manager]), request: FollowUpRuleInputBody.schemaName, requiring: ["name", "task_title", "trigger"],
                     responses: [.init(.created, "The new rule", schemaName: FollowUpRuleBody.schemaName),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName)], rules: [.init(["channel", "tag", "stage"], "only with the trigger that reads them (channel: no_interaction, tag and stage: the customer's)")])) { request in
            let body = try request.decodeJSON(FollowUpRuleInputBody.self)
            var problems = FieldProblems()
            let draft = body.draft(over: .init(), &problems)
            if body.name == nil { problems["name"] = .required }
            if body.trigger == nil { problems["trigger"] = .required }
            if body.task_title == nil { problems["task_title"] = .required }
            try problems.throwIfAny()
            return try .json(FollowUpRuleBody(rule: try await request.rules.create(draft, by: request.actor())), status: .created)
        }
        api.on(.init(.GET, "/follow-up-rules/{id}", operationID: "getFollowUpRule", summary: "One rule", tag: "follow-up rules",
                     access: .signedIn, reach: .everyone, responses: [.init(.ok, "The rule", schemaName: FollowUpRuleBody.schemaName)])) { request in
            try .json(FollowUpRuleBody(rule: try await request.rules.rule(id: try request.idParameter())))
        }
        api.on(.init(.PATCH, "/follow-up-rules/{id}", operationID: "updateFollowUpRule", summary: "Change a rule; send the version you read",
                     tag: "follow-up rules", access: .signedIn, reach: .roles([.admin, .manager]), request: FollowUpRuleInputBody.schemaName,
                     responses: [.init(.ok, "The changed rule", schemaName: FollowUpRuleBody.schemaName),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [.init(["channel", "tag", "stage"], "only with the trigger that reads them (channel: no_interaction, tag and stage: the customer's)")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(FollowUpRuleInputBody.self)
            let existing = try await request.rules.rule(id: id)
            var problems = FieldProblems()
            let draft = body.draft(over: RuleDraft.of(existing), &problems)
            try problems.throwIfAny()
            return try .json(FollowUpRuleBody(rule: try await request.rules.update(id: id, version: try requireVersion(body.version), draft, by: request.actor())))
        }
        api.on(.init(.DELETE, "/follow-up-rules/{id}", operationID: "deleteFollowUpRule", summary: "Delete a rule; its tasks stay",
                     tag: "follow-up rules", access: .signedIn, reach: .roles([.admin, .manager]),
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName)])) { request in
            try await request.rules.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (FollowUpRuleBody.schemaName, FollowUpRuleBody.schema),
        (FollowUpRuleInputBody.schemaName, FollowUpRuleInputBody.schema),
        ("FollowUpRuleList", ListBody<FollowUpRuleBody>.schema(of: FollowUpRuleBody.schemaName)),
    ]
}

/// A draft rebuilt from the stored rule, so a PATCH changes only the fields it names.
enum RuleDraft {
    static func of(_ rule: FollowUpRule) -> FollowUpRuleBook.Draft {
        var draft = FollowUpRuleBook.Draft()
        draft.name = rule.name; draft.trigger = rule.trigger; draft.days = rule.days; draft.tag = rule.tag; draft.stage = rule.stage
        draft.channel = rule.channel; draft.taskTitle = rule.taskTitle; draft.priority = rule.priority; draft.active = rule.active
        return draft
    }
}
