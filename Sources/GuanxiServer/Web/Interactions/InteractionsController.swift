import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Interactions in the browser. The form lives on the customer page; a refused form comes back on a page of its
/// own with the errors next to the fields.
struct InteractionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.customerInteractions(SitePath.anyID), use: createInteraction)
        routes.get(.interactionEdit(SitePath.anyID), use: editInteraction)
        routes.post(.interaction(SitePath.anyID), use: updateInteraction)
        routes.post(.interactionDelete(SitePath.anyID), use: deleteInteraction)
    }

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
            return request.redirect(to: "\(SitePath.customer(customerID))#timeline", flash: .interactionLogged)
        } catch GuanxiError.invalid(let problems) {
            return try await interactionForm(request, action: SitePath.customerInteractions(customerID).description, customerID: customerID, values: values,
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
        return try await interactionForm(request, action: SitePath.interaction(interaction.id ?? 0).description, customerID: interaction.$customer.id,
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
            return request.redirect(to: "\(SitePath.customer(interaction.$customer.id))#timeline", flash: .interactionUpdated)
        } catch GuanxiError.invalid(let problems) {
            return try await interactionForm(request, action: SitePath.interaction(id).description, customerID: existing.$customer.id, values: values,
                                             problems: problems, deletable: id)
        }
    }

    @Sendable func deleteInteraction(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        let interaction = try await request.interactions.interaction(id: try request.idParameter(), by: actor)
        try await request.interactions.delete(id: interaction.id ?? 0, by: actor)
        return request.redirect(to: "\(SitePath.customer(interaction.$customer.id))#timeline", flash: .interactionDeleted)
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
                <form method="post" action="\(SitePath.interactionDelete(id))" data-confirm="\(l[.confirmDeleteInteraction])">\(context.csrfField)\
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
          <div class="form-actions"><button type="submit" id="save-interaction">\(l[.save])</button><a class="button ghost" href="\(SitePath.customer(customerID))#timeline">\(l[.cancel])</a></div>
        </form></div>\(deleteForm)
        """
        let response = Layout.page(deletable == nil ? l[.logInteraction] : l[.editInteraction], context, content: content)
        response.status = status
        return response
    }
}
