import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/customers/{id}/interactions` and `/interactions`: the timeline.
enum InteractionsAPI {
    static func register(_ api: APIBuilder) {
        let page = APIRoute.pageParameters
        api.on(.init(.GET, "/customers/{id}/interactions", operationID: "listInteractions",
                     summary: "A customer's timeline, newest first", tag: "interactions", access: .signedIn, reach: .readsCustomer,
                     query: page + [.init(name: "channel", description: "Only this channel", schema: .enumeration(InteractionChannel.allCases.map(\.rawValue)))],
                     responses: [.init(.ok, "A page of interactions", schemaName: "InteractionList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            var channel: InteractionChannel?
            if let text = request.query[String.self, at: "channel"], !text.isEmpty {
                guard let value = InteractionChannel(rawValue: text) else {
                    throw RequestProblem.badQuery(name: "channel", message: request.localizer.message(for: .notOneOf(InteractionChannel.allCases.map(\.rawValue))))
                }
                channel = value
            }
            let result = try await request.interactions.timeline(of: try request.idParameter(), channel: channel, after: cursor, limit: limit, by: request.actor())
            return try .json(ListBody(result, InteractionBody.init))
        }
        api.on(.init(.POST, "/customers/{id}/interactions", operationID: "createInteraction", summary: "Log an interaction with a customer",
                     tag: "interactions", access: .signedIn, reach: .addsToCustomer, request: InteractionInputBody.schemaName, requiring: ["channel"],
                     responses: [.init(.created, "The logged interaction", schemaName: InteractionBody.schemaName)], rules: [.contactOfCustomer, .init(["queue_wait_seconds", "abandoned"], "only on an inbound call-center contact (channel call_center, direction inbound)"), .init(["occurred_at"], "at most 366 days ahead")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(InteractionInputBody.self)
            var problems = FieldProblems()
            let draft = body.draft(over: .init(), &problems)
            if body.channel == nil { problems["channel"] = .required }
            try problems.throwIfAny()
            return try .json(InteractionBody(interaction: try await request.interactions.create(customerID: id, draft, by: request.actor())), status: .created)
        }
        api.on(.init(.GET, "/interactions/{id}", operationID: "getInteraction", summary: "One interaction", tag: "interactions",
                     access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The interaction", schemaName: InteractionBody.schemaName)])) { request in
            try .json(InteractionBody(interaction: try await request.interactions.interaction(id: try request.idParameter(), by: request.actor())))
        }
        api.on(.init(.PATCH, "/interactions/{id}", operationID: "updateInteraction", summary: "Change an interaction; send the version you read",
                     tag: "interactions", access: .signedIn, reach: .changesCustomer, request: InteractionInputBody.schemaName,
                     responses: [.init(.ok, "The changed interaction", schemaName: InteractionBody.schemaName),
                                 .init(.forbidden, "Only its author or whoever may change the customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [.contactOfCustomer, .init(["queue_wait_seconds", "abandoned"], "only on an inbound call-center contact (channel call_center, direction inbound)"), .init(["occurred_at"], "at most 366 days ahead")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(InteractionInputBody.self)
            let actor = try request.actor()
            let existing = try await request.interactions.interaction(id: id, by: actor)
            var problems = FieldProblems()
            let draft = body.draft(over: InteractionDraft.of(existing), &problems)
            try problems.throwIfAny()
            let interaction = try await request.interactions.update(id: id, version: try requireVersion(body.version), draft, by: actor)
            return try .json(InteractionBody(interaction: interaction))
        }
        api.on(.init(.DELETE, "/interactions/{id}", operationID: "deleteInteraction", summary: "Delete an interaction", tag: "interactions",
                     access: .signedIn, reach: .changesCustomer, responses: [.init(.noContent, "Deleted", schemaName: nil),
                                                    .init(.forbidden, "Only its author or whoever may change the customer", schemaName: ErrorBody.schemaName)])) { request in
            try await request.interactions.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (InteractionBody.schemaName, InteractionBody.schema),
        (InteractionInputBody.schemaName, InteractionInputBody.schema),
        ("InteractionList", ListBody<InteractionBody>.schema(of: InteractionBody.schemaName)),
    ]
}

/// A draft rebuilt from the stored interaction, so a PATCH changes only the fields it names.
enum InteractionDraft {
    static func of(_ interaction: Interaction) -> InteractionLog.Draft {
        var draft = InteractionLog.Draft()
        draft.contactID = interaction.$contact.id; draft.channel = interaction.channel; draft.direction = interaction.direction
        draft.occurredAt = interaction.occurredAt; draft.durationSeconds = interaction.durationSeconds; draft.subject = interaction.subject
        draft.notes = interaction.notes; draft.outcome = interaction.outcome; draft.queueWaitSeconds = interaction.queueWaitSeconds
        draft.abandoned = interaction.abandoned
        return draft
    }
}
