import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer 360 page: profile, contacts, timeline, open tasks, and places for orders, tickets and analytics.
enum CustomerPage {
    @Sendable static func show(_ request: Request) async throws -> Response {
        try await render(request)
    }

    /// A refused merge: what was typed and why it was refused, shown next to the merge field.
    struct MergeAttempt {
        var duplicateID: String
        var problem: String
    }

    static func render(_ request: Request, merge attempt: MergeAttempt? = nil) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let customer = try await request.customers.customer(id: id, includeDeleted: true, by: actor)
        let canWrite = try await request.customers.canWrite(customer, by: actor)
        let isDeleted = customer.deletedAt != nil
        // The trash shows only what one may restore; a trashed customer's page follows it, so to others it is missing.
        if isDeleted && !canWrite { throw GuanxiError.notFound(entity: "customer") }
        let channel = request.query[String.self, at: "channel"].flatMap(InteractionChannel.init(rawValue:))
        let cursor = (try? request.pageRequest().cursor) ?? nil
        async let tagsLookup = CustomerBook.tags(of: [id], on: request.db)
        async let contactsLookup = request.contacts.contacts(of: id, includeDeleted: isDeleted, by: actor)
        async let timelineLookup = request.interactions.timeline(of: id, channel: channel, after: cursor, limit: 20,
                                                                 includeDeleted: isDeleted, by: actor)
        async let tasksLookup = request.tasks.openTasks(of: id, includeDeleted: isDeleted, by: actor)
        let tags = try await tagsLookup[id] ?? []
        let contacts = try await contactsLookup
        let timeline = try await timelineLookup
        let tasks = try await tasksLookup
        var userIDs = Set(timeline.items.compactMap { $0.$user.id } + tasks.compactMap { $0.$assignee.id })
        if let owner = customer.$owner.id { userIDs.insert(owner) }
        let users = try await User.query(on: request.db).filter(\.$id ~~ userIDs).all()
        let names = Dictionary(users.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { a, _ in a })
        let duplicates = canWrite && customer.deletedAt == nil
            ? try await request.customers.duplicates(name: customer.name, phone: customer.phone, email: customer.email, excluding: id, by: actor) : []

        let context = PageContext(request: request)
        let l = context.l
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        let now = request.guanxi.clock.now()
        let contactNames = Dictionary(contacts.compactMap { contact in contact.id.map { ($0, contact.name) } }, uniquingKeysWith: { a, _ in a })
        let noErrors: [String: String] = [:]

        // Header actions
        var actions: [HTML] = []
        if canWrite {
            if customer.deletedAt == nil {
                actions.append("<a class=\"button ghost\" id=\"edit-customer\" href=\"/customers/\(id)/edit\">\(l[.edit])</a>")
                actions.append("<form class=\"inline\" method=\"post\" action=\"/customers/\(id)/delete\" onsubmit=\"return confirm('\(l[.confirmDeleteCustomer])')\">\(context.csrfField)<button class=\"danger\" id=\"delete-customer\" type=\"submit\">\(l[.delete])</button></form>")
            }
        }
        var deletedBanner = HTML.empty
        if let deletedAt = customer.deletedAt {
            let when = format.dateTime(deletedAt)
            let restoreButton: HTML = "<form class=\"inline\" method=\"post\" action=\"/customers/\(id)/restore\">\(context.csrfField)<button type=\"submit\" id=\"restore-customer\">\(l[.restore])</button></form>"
            if let survivor = customer.mergedIntoID {
                deletedBanner = "<div class=\"banner error\" id=\"deleted-banner\">\(l(.mergedIntoBanner, ["date": when])) <a href=\"/customers/\(survivor)\" id=\"merged-into\">#\(survivor)</a> \(restoreButton)</div>"
            } else {
                deletedBanner = "<div class=\"banner error\" id=\"deleted-banner\">\(l[.deletedBanner]) \(l(.deletedOn, ["date": when])) \(restoreButton)</div>"
            }
        }
        let readOnly: HTML = canWrite ? .empty : "<p class=\"muted\" id=\"read-only\">\(l[.readOnlyCustomer])</p>"

        // Profile
        var profileRows: [(String, String)] = [
            (l[.customerKind], l.kindName(customer.kind)), (l[.stage], l.stageName(customer.stage)),
            (l[.owner], customer.$owner.id.flatMap { names[$0] } ?? l[.none]), (l[.phone], customer.phone), (l[.email], customer.email),
            (l[.industry], customer.industry), (l[.region], customer.region), (l[.address], customer.address), (l[.website], customer.website),
            (l[.source], customer.source), (l[.annualSpend], format.money(customer.annualCategorySpend)),
            (l[.marketingConsent], customer.marketingConsent ? l[.yes] : l[.no]), (l[.lastInteraction], format.dateTime(customer.lastInteractionAt)),
            (l[.createdAt], format.dateTime(customer.createdAt)),
        ]
        for (key, value) in customer.customFields.sorted(by: { $0.key < $1.key }) { profileRows.append((key, value)) }
        let profile: [HTML] = profileRows.filter { !$0.1.isEmpty }.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }
        let tagPills: [HTML] = tags.map { "<a class=\"pill\" href=\"/customers?tag=\(CustomerFilter.escape($0))\">\($0)</a> " }

        // Contacts
        let contactRows: [HTML] = contacts.map { contact in
            let primary: HTML = contact.isPrimary ? "<span class=\"pill ok\">\(l[.primaryContact])</span>" : .empty
            let edit: HTML = canWrite && !isDeleted ? "<a href=\"/contacts/\(contact.id ?? 0)/edit\">\(l[.edit])</a>" : .empty
            return """
            <tr><td><strong>\(contact.name)</strong> \(primary)<div class="muted">\(contact.title)</div></td>
            <td>\(contact.mobile)<div class="muted">\(contact.phone)</div></td><td>\(contact.email)<div class="muted">\(contact.wechatID)</div></td>
            <td class="muted">\(contact.birthday ?? "")</td><td>\(edit)</td></tr>
            """
        }
        let contactForm: HTML = canWrite && customer.deletedAt == nil ? """
            <details class="more" id="add-contact"><summary>\(l[.newContact])</summary>
            <form method="post" action="/customers/\(id)/contacts" id="contact-form">\(context.csrfField)
              <div class="grid-form">
                \(Form.text("name", label: l[.contactName], value: "", errors: noErrors, required: true))
                \(Form.text("title", label: l[.jobTitle], value: "", errors: noErrors))
                \(Form.text("mobile", label: l[.mobile], value: "", errors: noErrors))
                \(Form.text("phone", label: l[.phone], value: "", errors: noErrors))
                \(Form.text("email", label: l[.email], value: "", errors: noErrors, type: "email"))
                \(Form.text("wechat_id", label: l[.wechat], value: "", errors: noErrors))
                \(Form.text("birthday", label: l[.birthday], value: "", errors: noErrors, type: "date"))
              </div>
              \(Form.checkbox("is_primary", label: l[.primaryContact], checked: contacts.isEmpty))
              <button type="submit" id="save-contact">\(l[.save])</button>
            </form></details>
            """ : .empty

        // Timeline
        let entries: [HTML] = timeline.items.map { item in
            let who = item.$user.id.flatMap { names[$0] }.map { l(.by, ["name": $0]) } ?? ""
            let person = item.$contact.id.flatMap { contactNames[$0] }.map { " · \(l[.contactPerson]): \($0)" } ?? ""
            var extra = item.durationSeconds > 0 ? " · \(l[.durationMinutes]): \(item.durationSeconds / 60)" : ""
            if let wait = item.queueWaitSeconds { extra += " · \(l[.queueWait]): \(wait)" }
            if item.abandoned == true { extra += " · \(l[.abandoned])" }
            return """
            <li data-channel="\(item.channel.rawValue)"><div class="meta">\(format.dateTime(item.occurredAt)) · \(l.channelName(item.channel)) · \(item.direction == .inbound ? l[.inbound] : l[.outbound]) · \(who)\(person)\(extra)</div>
            <div><strong>\(item.subject)</strong> \(item.outcome.isEmpty ? HTML.empty : HTML("<span class=\"pill\">\(item.outcome)</span>"))\
             \(!isDeleted && (canWrite || item.$user.id == actor.userID) ? HTML("<a class=\"muted\" href=\"/interactions/\(item.id ?? 0)/edit\">\(l[.edit])</a>") : HTML.empty)</div>
            <div>\(item.notes)</div></li>
            """
        }
        let channelLinks: [HTML] = [HTML("<a href=\"/customers/\(id)#timeline\" class=\"pill\(channel == nil ? " ok" : "")\">\(l[.allChannels])</a> ")]
            + InteractionChannel.allCases.map { option in
                "<a href=\"/customers/\(id)?channel=\(option.rawValue)#timeline\" class=\"pill\(channel == option ? " ok" : "")\">\(l.channelName(option))</a> "
            }
        let channelOptions = InteractionChannel.allCases.map { ($0.rawValue, l.channelName($0)) }
        let contactOptions = [("", l[.none])] + contacts.map { (String($0.id ?? 0), $0.name) }
        let logForm: HTML = customer.deletedAt == nil ? """
            <details class="more" id="log-interaction"><summary>\(l[.logInteraction])</summary>
            <form method="post" action="/customers/\(id)/interactions" id="interaction-form">\(context.csrfField)
              <div class="grid-form">
                \(Form.select("channel", label: l[.channel], options: channelOptions, selected: "phone", errors: noErrors))
                \(Form.select("direction", label: l[.direction], options: [("outbound", l[.outbound]), ("inbound", l[.inbound])], selected: "outbound", errors: noErrors))
                \(Form.select("contact_id", label: l[.contactPerson], options: contactOptions, selected: "", errors: noErrors))
                \(Form.text("occurred_at", label: l[.occurredAt], value: format.inputDateTime(now), errors: noErrors, type: "datetime-local"))
                \(Form.text("duration_minutes", label: l[.durationMinutes], value: "", errors: noErrors, type: "number"))
                \(Form.text("subject", label: l[.subject], value: "", errors: noErrors))
                \(Form.text("outcome", label: l[.outcome], value: "", errors: noErrors))
                \(Form.text("queue_wait_seconds", label: l[.queueWait], value: "", errors: noErrors, type: "number"))
              </div>
              \(Form.checkbox("abandoned", label: l[.abandoned], checked: false))
              \(Form.textarea("notes", label: l[.notes], value: "", errors: noErrors, rows: 3))
              <button type="submit" id="save-interaction">\(l[.save])</button>
            </form></details>
            """ : .empty

        // Tasks
        let taskRows: [HTML] = tasks.map { task in
            let overdue: HTML = task.dueAt < now ? "<span class=\"pill bad\">\(l[.overdueBadge])</span>" : .empty
            let changeable = !isDeleted && TaskList.mayChange(task, customerWritable: canWrite, by: actor)
            let title: HTML = changeable ? "<a href=\"/tasks/\(task.id ?? 0)/edit?return_to=/customers/\(id)\">\(task.title)</a>" : "\(task.title)"
            return """
            <li><div><strong>\(title)</strong> \(overdue)</div>
            <div class="meta">\(l[.dueAt]) \(format.dateTime(task.dueAt)) · \(l.priorityName(task.priority)) · \(task.$assignee.id.flatMap { names[$0] } ?? l[.none])</div>
            \(task.remindAt.map { HTML("<div class=\"meta\">\(l[.remindAt]) \(format.dateTime($0))</div>") } ?? HTML.empty)
            \(!isDeleted && TaskList.mayChange(task, customerWritable: canWrite, by: actor) ? HTML("<form class=\"inline\" method=\"post\" action=\"/tasks/\(task.id ?? 0)/done\">\(context.csrfField)<input type=\"hidden\" name=\"return_to\" value=\"/customers/\(id)\"><button class=\"ghost\" type=\"submit\">✓ \(l[.markDone])</button></form>") : HTML.empty)</li>
            """
        }
        let taskForm: HTML = customer.deletedAt == nil ? """
            <details class="more" id="add-task"><summary>\(l[.setReminder])</summary>
            <form method="post" action="/tasks" id="task-form">\(context.csrfField)
              <input type="hidden" name="customer_id" value="\(id)"><input type="hidden" name="return_to" value="/customers/\(id)">
              \(Form.text("title", label: l[.taskTitle], value: "", errors: noErrors, required: true))
              \(Form.text("due_at", label: l[.dueAt], value: format.inputDateTime(now.addingTimeInterval(86_400)), errors: noErrors, type: "datetime-local"))
              \(Form.text("remind_at", label: l[.remindAt], value: "", errors: noErrors, type: "datetime-local"))
              \(Form.select("priority", label: l[.priority], options: TaskPriority.allCases.map { ($0.rawValue, l.priorityName($0)) }, selected: "normal", errors: noErrors))
              <button type="submit" id="save-task">\(l[.save])</button>
            </form></details>
            """ : .empty

        // Merge
        var mergeCard = HTML.empty
        if canWrite && customer.deletedAt == nil {
            let suggestions: [HTML] = duplicates.map { match in
                "<li><a href=\"/customers/\(match.id ?? 0)\">#\(match.id ?? 0) \(match.name)</a> <span class=\"muted\">\(match.phone) \(match.email)</span></li>"
            }
            mergeCard = """
            <div class="card" id="merge"><h2>\(l[.mergeTitle])</h2>
            \(suggestions.isEmpty ? HTML.empty : HTML("<p>\(l[.duplicateWarning])</p><ul>\(suggestions)</ul>"))
            <p class="muted">\(l[.mergeHint])</p>
            <form method="post" action="/customers/\(id)/merge" class="filters" id="merge-form" onsubmit="return confirm('\(l[.confirmMerge])')">\(context.csrfField)
              \(Form.text("duplicate_id", label: l[.duplicateID], value: attempt?.duplicateID ?? duplicates.first.map { String($0.id ?? 0) } ?? "",
                         errors: attempt.map { ["duplicate_id": $0.problem] } ?? noErrors, type: "number"))
              <button type="submit" class="ghost" id="merge-customer">\(l[.mergeHere])</button>
            </form></div>
            """
        }

        // Personal data requests (administrators)
        let privacyCard: HTML = CustomerPrivacy.mayHandle(actor) ? """
            <div class="card" id="personal-data"><h2>\(l[.privacyTitle])</h2>
            <p class="muted">\(l[.privacyHint])</p>
            <p><a href="/customers/\(id)/personal-data" id="export-personal-data">\(l[.privacyExport])</a></p>
            <form method="post" action="/customers/\(id)/erase" onsubmit="return confirm('\(l[.privacyEraseConfirm])')">\(context.csrfField)
              <button type="submit" class="danger" id="erase-personal-data">\(l[.privacyErase])</button>
            </form></div>
            """ : .empty

        let content: HTML = """
        \(deletedBanner)
        <div class="toolbar"><div>\(tagPills)</div><div>\(actions)</div></div>
        \(readOnly)
        <div class="columns">
          <div>
            <div class="card" id="timeline"><h2>\(l[.timeline])</h2>
              <p>\(channelLinks)</p>
              \(logForm)
              \(entries.isEmpty ? HTML("<p class=\"muted\">\(l[.noInteractions])</p>") : HTML("<ul class=\"timeline\" id=\"timeline-list\">\(entries)</ul>"))
              \(Pager.links(next: timeline.next, l: l, base: "/customers/\(id)", isFirst: cursor == nil, extraQuery: channel.map { "channel=\($0.rawValue)" } ?? ""))
            </div>
            <div class="card" id="contacts"><h2>\(l[.contacts])</h2>
              \(contactRows.isEmpty ? HTML("<p class=\"muted\">\(l[.noContacts])</p>") : HTML("<table id=\"contacts-table\"><tbody>\(contactRows)</tbody></table>"))
              \(contactForm)
            </div>
            <div class="card" id="orders"><h2>\(l[.ordersTitle])</h2><p class="muted">\(l[.ordersPlaceholder])</p></div>
          </div>
          <div>
            <div class="card" id="profile"><h2>\(l[.profile])</h2><dl class="profile">\(profile)</dl></div>
            <div class="card" id="open-tasks"><h2>\(l[.openTasks])</h2>
              \(taskRows.isEmpty ? HTML("<p class=\"muted\">\(l[.noTasks])</p>") : HTML("<ul class=\"timeline\" id=\"task-list\">\(taskRows)</ul>"))
              \(taskForm)
            </div>
            <div class="card" id="value"><h2>\(l[.valueTitle])</h2><p class="muted">\(l[.analyticsPlaceholder])</p></div>
            \(mergeCard)
            \(privacyCard)
          </div>
        </div>
        """
        let response = Layout.page(customer.name, context, content: content)
        if attempt != nil { response.status = .unprocessableEntity }
        return response
    }
}
