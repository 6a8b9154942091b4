import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// One bid: its terms and bond, the competitors, the result, and its files with the upload form.
enum BidDetailPage {
    struct Model: Sendable {
        var bid: Bid
        var customer: Customer
        var opportunity: Opportunity?
        var competitors: [BidCompetitor]
        var attachments: [BidAttachment]
        var reminder: FollowUpTask?
        var userNames: [Int64: String]
        var canWrite: Bool
        /// A refused upload, shown next to the file field.
        var uploadProblems: FieldProblems = FieldProblems()

        static func load(_ request: Request, id: Int64) async throws -> Model {
            let actor = try request.actor()
            let bid = try await request.bids.bid(id: id, by: actor)
            let customer = try await request.customers.customer(id: bid.$customer.id, by: actor)
            let competitors = try await request.bids.competitors(of: [bid])[id] ?? []
            let attachments = try await request.bids.attachments(of: id, by: actor)
            var opportunity: Opportunity?
            if let opportunityID = bid.$opportunity.id { opportunity = try await Opportunity.find(opportunityID, on: request.db) }
            var reminder: FollowUpTask?
            if let taskID = bid.$reminderTask.id { reminder = try await FollowUpTask.find(taskID, on: request.db) }
            let people = Set([bid.$owner.id].compactMap { $0 } + attachments.compactMap { $0.$uploadedBy.id })
            return Model(bid: bid, customer: customer, opportunity: opportunity, competitors: competitors, attachments: attachments,
                         reminder: reminder, userNames: try await User.displayNames(people, on: request.db),
                         canWrite: try await request.customers.canWrite(customer, by: actor))
        }
    }

    static func view(_ model: Model, _ context: PageContext, format: WebFormat) -> HTML {
        let l = context.l
        let bid = model.bid
        let id = bid.id ?? 0
        var actions: [HTML] = []
        if model.canWrite {
            actions.append("<a class=\"button ghost\" id=\"edit-bid\" href=\"\(SitePath.bidEdit(id))\">\(l[.edit])</a>")
            actions.append("<form class=\"inline\" method=\"post\" action=\"\(SitePath.bidDelete(id))\" data-confirm=\"\(l[.confirmDeleteBid])\">\(context.csrfField)<button class=\"danger\" type=\"submit\" id=\"delete-bid\">\(l[.delete])</button></form>")
        }
        func item(_ label: String, _ value: HTML) -> HTML { "<dt>\(label)</dt><dd>\(value)</dd>" }
        func money(_ minor: Int64?) -> String { minor.map { "¥" + SalesFormat.money($0) } ?? l[.none] }
        let bond: String = {
            var parts = [money(bid.bondAmount)]
            if let paid = bid.bondPaidOn { parts.append(l[.bondPaid] + " " + paid) }
            if let returned = bid.bondReturnedOn { parts.append(l[.bondReturned] + " " + returned) }
            return parts.joined(separator: " · ")
        }()
        let reminder: HTML = model.reminder.map { task in
            item(l[.bidReminder], "<a href=\"\(SitePath.taskEdit(task.id ?? 0))\" id=\"bid-reminder\">\(format.dateTime(task.dueAt))</a> \(task.status == .done ? HTML("<span class=\"pill ok\">\(l[.taskDone])</span>") : HTML.empty)")
        } ?? .empty
        let details: [HTML] = [
            item(l[.tenderNumber], "<strong id=\"bid-tender-number\">\(bid.tenderNumber)</strong>"),
            item(l[.customer], "<a href=\"\(SitePath.customer(model.customer.id ?? 0))\">\(model.customer.name)</a>"),
            item(l[.opportunity], model.opportunity.map { HTML("<a href=\"\(SitePath.opportunity($0.id ?? 0))\">\($0.title)</a>") } ?? HTML("\(l[.none])")),
            item(l[.status], BidFormat.statusPill(bid.status, l)),
            item(l[.submissionDeadline], "\(format.dateTime(bid.submissionDeadline))"),
            item(l[.openingDate], "\(bid.openingDate ?? l[.none])"),
            item(l[.bidAmount], "<span class=\"num\" id=\"bid-amount\">\(money(bid.bidAmount))</span>"),
            item(l[.bondAmount], "\(bond)"),
            item(l[.owner], "\(bid.$owner.id.flatMap { model.userNames[$0] } ?? l[.none])"),
            reminder,
            bid.notes.isEmpty ? .empty : item(l[.notes], "\(bid.notes)"),
            item(l[.createdAt], "\(format.dateTime(bid.createdAt))"),
        ]
        let competitorRows: [HTML] = model.competitors.map { row in
            "<tr><td>\(row.name)</td><td class=\"num\">\(row.amount.map(SalesFormat.money) ?? "—")</td></tr>"
        }
        let result: HTML = bid.status.isDecided || bid.status == .cancelled ? """
            <div class="card" id="bid-result"><h2>\(l[.bidResult])</h2><dl class="profile">
            \(item(l[.status], BidFormat.statusPill(bid.status, l)))
            \(bid.winningBidder.isEmpty ? HTML.empty : item(l[.winningBidder], "\(bid.winningBidder)"))
            \(bid.winningAmount == nil ? HTML.empty : item(l[.winningAmount], "\(money(bid.winningAmount))"))
            \(bid.resultReason.isEmpty ? HTML.empty : item(l[.resultReason], "\(bid.resultReason)"))
            \(item(l[.when], "\(format.dateTime(bid.decidedAt))"))
            </dl></div>
            """ : .empty
        let fileRows: [HTML] = model.attachments.map { file in
            let remove: HTML = model.canWrite ? """
                <form class="inline" method="post" action="\(SitePath.bidFileDelete(file.id ?? 0))" data-confirm="\(l[.confirmDeleteAttachment])">\
                \(context.csrfField)<button class="ghost danger" type="submit">\(l[.delete])</button></form>
                """ : .empty
            return """
            <tr><td><a href="\(SitePath.bidFile(file.id ?? 0))" class="bid-file" download>\(file.filename)</a></td>
            <td class="num">\(BidFormat.size(file.size))</td><td>\(file.$uploadedBy.id.flatMap { model.userNames[$0] } ?? l[.none])</td>
            <td>\(format.dateTime(file.uploadedAt))</td><td>\(remove)</td></tr>
            """
        }
        let uploadError = model.uploadProblems.problems.values.first.map { l.message(for: $0) }
        let upload: HTML = model.canWrite ? """
            <form method="post" action="\(SitePath.bidAttachments(id))" enctype="multipart/form-data" id="bid-upload">\(context.csrfField)
              <div class="field\(uploadError == nil ? "" : " has-error")"><label for="f-file">\(l[.uploadFile])</label>\
            <input id="f-file" type="file" name="file" required>
              <p class="hint">\(l[.attachmentLimitHint])</p>\
            \(uploadError.map { HTML("<p class=\"field-error\" id=\"error-file\">\($0)</p>") } ?? HTML.empty)</div>
              <button type="submit" id="upload-file">\(l[.uploadButton])</button>
            </form>
            """ : .empty
        return """
        <div class="toolbar"><div><a href="\(SitePath.bids)">← \(l[.bidsTitle])</a></div><div>\(actions)</div></div>
        <div class="columns">
          <div>
            <div class="card" id="bid-competitors"><h2>\(l[.competitors])</h2>
              \(competitorRows.isEmpty ? HTML("<p class=\"muted\">\(l[.noCompetitors])</p>") : HTML("<table><thead><tr><th>\(l[.competitorName])</th><th class=\"num\">\(l[.competitorAmount])</th></tr></thead><tbody>\(competitorRows)</tbody></table>"))
            </div>
            \(result)
            <div class="card" id="bid-attachments"><h2>\(l[.bidAttachments])</h2>
              \(fileRows.isEmpty ? HTML("<p class=\"muted\">\(l[.noAttachments])</p>") : HTML("<table><thead><tr><th>\(l[.fileName])</th><th class=\"num\">\(l[.fileSize])</th><th>\(l[.uploadedBy])</th><th>\(l[.uploadedAt])</th><th></th></tr></thead><tbody>\(fileRows)</tbody></table>"))
              \(upload)
            </div>
          </div>
          <div><div class="card" id="bid-details"><h2>\(bid.title)</h2><dl class="profile">\(details)</dl></div></div>
        </div>
        """
    }
}
