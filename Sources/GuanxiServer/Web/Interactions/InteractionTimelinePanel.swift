import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer's timeline on the 360 page: every interaction, newest first, filtered by channel, with the form
/// that logs a new one.
enum InteractionTimelinePanel {
    static let panel = CustomerPanel(id: "timeline", column: .main) { input in
        view(try await load(input), input.scope)
    }

    struct Model: Sendable {
        var channel: InteractionChannel?
        var isFirstPage: Bool
        var timeline: GuanxiStore.Page<Interaction>
        var contacts: [Contact]
        var userNames: [Int64: String]
    }

    static func load(_ input: CustomerPanelInput) async throws -> Model {
        let request = input.request
        let channel = request.query[String.self, at: "channel"].flatMap(InteractionChannel.init(rawValue:))
        let cursor = (try? request.pageRequest().cursor) ?? nil
        async let timeline = request.interactions.timeline(of: input.customerID, channel: channel, after: cursor, limit: 20,
                                                           includeDeleted: input.isDeleted, by: input.actor)
        async let contacts = request.contacts.contacts(of: input.customerID, includeDeleted: input.isDeleted, by: input.actor)
        let items = try await timeline
        let names = try await User.displayNames(Set(items.items.compactMap { $0.$user.id }), on: request.db)
        return Model(channel: channel, isFirstPage: cursor == nil, timeline: items, contacts: try await contacts, userNames: names)
    }

    static func view(_ model: Model, _ scope: CustomerPanelScope) -> HTML {
        let l = scope.context.l, context = scope.context, format = scope.format
        let id = scope.customerID
        let noErrors: [String: String] = [:]
        let contactNames = Dictionary(model.contacts.compactMap { contact in contact.id.map { ($0, contact.name) } },
                                      uniquingKeysWith: { a, _ in a })
        let entries: [HTML] = model.timeline.items.map { item in
            let who = item.$user.id.flatMap { model.userNames[$0] }.map { l(.by, ["name": $0]) } ?? ""
            let person = item.$contact.id.flatMap { contactNames[$0] }.map { " · \(l[.contactPerson]): \($0)" } ?? ""
            var extra = item.durationSeconds > 0 ? " · \(l[.durationMinutes]): \(item.durationSeconds / 60)" : ""
            if let wait = item.queueWaitSeconds { extra += " · \(l[.queueWait]): \(wait)" }
            if item.abandoned == true { extra += " · \(l[.abandoned])" }
            let mayEdit = !scope.isDeleted && (scope.canWrite || item.$user.id == scope.actor.userID)
            return """
            <li data-channel="\(item.channel.rawValue)"><div class="meta">\(format.dateTime(item.occurredAt)) · \(l.channelName(item.channel)) · \(item.direction == .inbound ? l[.inbound] : l[.outbound]) · \(who)\(person)\(extra)</div>
            <div><strong>\(item.subject)</strong> \(item.outcome.isEmpty ? HTML.empty : HTML("<span class=\"pill\">\(item.outcome)</span>"))\
             \(mayEdit ? HTML("<a class=\"muted\" href=\"\(SitePath.interactionEdit(item.id ?? 0))\">\(l[.edit])</a>") : HTML.empty)</div>
            <div>\(item.notes)</div></li>
            """
        }
        let channelLinks: [HTML] = [HTML("<a href=\"\(SitePath.customer(id))#timeline\" class=\"pill\(model.channel == nil ? " ok" : "")\">\(l[.allChannels])</a> ")]
            + InteractionChannel.allCases.map { option in
                "<a href=\"\(SitePath.customer(id))?channel=\(option.rawValue)#timeline\" class=\"pill\(model.channel == option ? " ok" : "")\">\(l.channelName(option))</a> "
            }
        let channelOptions = InteractionChannel.allCases.map { ($0.rawValue, l.channelName($0)) }
        let contactOptions = [("", l[.none])] + model.contacts.map { (String($0.id ?? 0), $0.name) }
        let logForm: HTML = scope.isDeleted ? .empty : """
            <details class="more" id="log-interaction"><summary>\(l[.logInteraction])</summary>
            <form method="post" action="\(SitePath.customerInteractions(id))" id="interaction-form">\(context.csrfField)
              <div class="grid-form">
                \(Form.select("channel", label: l[.channel], options: channelOptions, selected: "phone", errors: noErrors))
                \(Form.select("direction", label: l[.direction], options: [("outbound", l[.outbound]), ("inbound", l[.inbound])], selected: "outbound", errors: noErrors))
                \(Form.select("contact_id", label: l[.contactPerson], options: contactOptions, selected: "", errors: noErrors))
                \(Form.text("occurred_at", label: l[.occurredAt], value: format.inputDateTime(scope.now), errors: noErrors, type: "datetime-local"))
                \(Form.text("duration_minutes", label: l[.durationMinutes], value: "", errors: noErrors, type: "number"))
                \(Form.text("subject", label: l[.subject], value: "", errors: noErrors))
                \(Form.text("outcome", label: l[.outcome], value: "", errors: noErrors))
                \(Form.text("queue_wait_seconds", label: l[.queueWait], value: "", errors: noErrors, type: "number"))
              </div>
              \(Form.checkbox("abandoned", label: l[.abandoned], checked: false))
              \(Form.textarea("notes", label: l[.notes], value: "", errors: noErrors, rows: 3))
              <button type="submit" id="save-interaction">\(l[.save])</button>
            </form></details>
            """
        return """
        <div class="card" id="timeline"><h2>\(l[.timeline])</h2>
          <p>\(channelLinks)</p>
          \(logForm)
          \(entries.isEmpty ? HTML("<p class=\"muted\">\(l[.noInteractions])</p>") : HTML("<ul class=\"timeline\" id=\"timeline-list\">\(entries)</ul>"))
          \(Pager.links(next: model.timeline.next, l: l, base: SitePath.customer(id).description, isFirst: model.isFirstPage, extraQuery: model.channel.map { "channel=\($0.rawValue)" } ?? ""))
        </div>
        """
    }
}
