import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The bid form: new for a customer, or an existing bid's edit. The customer is fixed; the opportunity one of its
/// own; the status the current one or a step it may take; competitors one per line.
enum BidFormPage {
    struct Values: Content {
        var customer_id: String?, opportunity_id: String?, tender_number: String?, title: String?, submission_deadline: String?
        var opening_date: String?, bid_amount: String?, bond_amount: String?, bond_paid: String?, bond_paid_on: String?
        var bond_returned: String?, bond_returned_on: String?, status: String?, winning_bidder: String?, winning_amount: String?
        var result_reason: String?, notes: String?, owner_id: String?, competitors: String?
        var version: Int?

        init() {}

        init(_ bid: Bid, competitors: [BidCompetitor], format: WebFormat) {
            customer_id = String(bid.$customer.id)
            opportunity_id = bid.$opportunity.id.map(String.init)
            tender_number = bid.tenderNumber
            title = bid.title
            submission_deadline = format.inputDateTime(bid.submissionDeadline)
            opening_date = bid.openingDate
            bid_amount = bid.bidAmount.map(MinorUnits.format)
            bond_amount = MinorUnits.format(bid.bondAmount)
            bond_paid = bid.bondPaidOn == nil ? nil : "true"
            bond_paid_on = bid.bondPaidOn
            bond_returned = bid.bondReturnedOn == nil ? nil : "true"
            bond_returned_on = bid.bondReturnedOn
            status = bid.status.rawValue
            winning_bidder = bid.winningBidder
            winning_amount = bid.winningAmount.map(MinorUnits.format)
            result_reason = bid.resultReason
            notes = bid.notes
            owner_id = bid.$owner.id.map(String.init)
            self.competitors = competitors.map { row in row.name + (row.amount.map { ", " + MinorUnits.format($0) } ?? "") }
                .joined(separator: "\n")
            version = bid.version
        }

        /// The draft these values make, over `base` (an existing bid's, so what the form leaves out stays).
        func draft(over base: BidBook.Draft, assignsOwners: Bool, timeZone: TimeZone, _ problems: inout FieldProblems) -> BidBook.Draft {
            var draft = base
            draft.opportunityID = FormNumber.id(opportunity_id)
            draft.tenderNumber = tender_number ?? ""
            draft.title = title ?? ""
            let deadline = (submission_deadline ?? "").trimmingCharacters(in: .whitespaces)
            if deadline.isEmpty { draft.submissionDeadline = nil }
            else if let date = LocalDateParser.dateTime(deadline, timeZone: timeZone) { draft.submissionDeadline = date }
            else { problems["submission_deadline"] = .invalidDate }
            draft.openingDate = opening_date ?? ""
            draft.bidAmount = FormNumber.money(bid_amount, field: "bid_amount", into: &problems)
            draft.bondAmount = FormNumber.money(bond_amount, field: "bond_amount", empty: 0, into: &problems) ?? 0
            draft.bondPaid = bond_paid == "true" || !(bond_paid_on ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            draft.bondPaidOn = bond_paid_on ?? ""
            draft.bondReturned = bond_returned == "true" || !(bond_returned_on ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            draft.bondReturnedOn = bond_returned_on ?? ""
            if let text = status, !text.isEmpty {
                if let value = BidStatus(rawValue: text) { draft.status = value }
                else { problems["status"] = .notOneOf(BidStatus.allCases.map(\.rawValue)) }
            }
            draft.winningBidder = winning_bidder ?? ""
            draft.winningAmount = FormNumber.money(winning_amount, field: "winning_amount", into: &problems)
            draft.resultReason = result_reason ?? ""
            draft.notes = notes ?? ""
            if assignsOwners, let owner = owner_id { draft.ownerID = owner.isEmpty ? nil : Int64(owner) }
            draft.competitors = Self.competitors(competitors ?? "", &problems)
            return draft
        }

        /// One competitor a line: "华为, 1,280,000" is 华为 at ¥1,280,000.00. The amount is the longest end of the line,
        /// after a comma or tab, that reads as money, so "Acme, Inc., 5000" is Acme, Inc. and "Acme, Inc." has no amount.
        static func competitors(_ text: String, _ problems: inout FieldProblems) -> [BidBook.Competitor] {
            var out: [BidBook.Competitor] = []
            for line in text.split(whereSeparator: \.isNewline) {
                let line = line.trimmingCharacters(in: .whitespaces)
                guard !line.isEmpty else { continue }
                var competitor = BidBook.Competitor(name: line)
                for cut in line.indices where line[cut] == "," || line[cut] == "，" || line[cut] == "\t" {
                    let name = line[..<cut].trimmingCharacters(in: .whitespaces)
                    let amount = line[line.index(after: cut)...].trimmingCharacters(in: .whitespaces)
                    guard !name.isEmpty, !amount.isEmpty, let minor = MinorUnits.parse(amount) else { continue }
                    if minor < 0 { problems["competitors"] = .invalidAmount }
                    competitor = BidBook.Competitor(name: name, amount: minor)
                    break
                }
                out.append(competitor)
            }
            return out
        }
    }

    struct Model: Sendable {
        var id: Int64?
        var customer: Customer
        var opportunities: [Opportunity]
        /// The statuses the bid may be saved in: where it is and where it may go.
        var statuses: [BidStatus]
        /// Empty when the user cannot assign owners.
        var owners: [(value: String, label: String)]
        var values: Values
        var problems: FieldProblems

        static func load(_ request: Request, existing: Bid?, customer: Customer, values: Values, problems: FieldProblems) async throws -> Model {
            let actor = try request.actor()
            var filter = OpportunityBook.Filter()
            filter.customerID = customer.id
            let opportunities = try await request.opportunities.opportunities(filter, after: nil, limit: 200, by: actor).items
            let statuses = existing.map { [$0.status] + $0.status.next } ?? BidStatus.initial
            let owners = actor.access.assignsOwners ? try await SalesLookup.activeUsers(on: request.db) : []
            return Model(id: existing?.id, customer: customer, opportunities: opportunities, statuses: statuses, owners: owners,
                         values: values, problems: problems)
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        // A refused competitor line is named on the competitors field.
        var errors: [String: String] = [:]
        for (field, problem) in model.problems.problems {
            let name = field.hasPrefix("competitors.") ? "competitors" : field
            if errors[name] == nil { errors[name] = l.message(for: problem) }
        }
        let values = model.values
        let action = model.id.map { SitePath.bid($0).description } ?? SitePath.bids.description
        let opportunityOptions = [("", l[.none])] + model.opportunities.map { (String($0.id ?? 0), $0.title) }
        let statusOptions = model.statuses.map { ($0.rawValue, l.bidStatusName($0)) }
        let ownerSelect: HTML = model.owners.isEmpty ? .empty : Form.select(
            "owner_id", label: l[.owner], options: [("", l[.customerOwnerDefault])] + model.owners, selected: values.owner_id ?? "", errors: errors)
        let cancel = model.id.map { SitePath.bid($0).description } ?? SitePath.customer(model.customer.id ?? 0).description
        let bondReturnedError = errors["bond_returned"].map { HTML("<p class=\"field-error\" id=\"error-bond_returned\">\($0)</p>") } ?? HTML.empty
        return """
        <div class="card">\(model.problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(action)" id="bid-form">\(context.csrfField)
          \(values.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          <div class="grid-form">
            \(CustomerPicker.fixed(model.customer, l: l))
            \(Form.select("opportunity_id", label: l[.opportunity], options: opportunityOptions, selected: values.opportunity_id ?? "", errors: errors))
            \(Form.text("tender_number", label: l[.tenderNumber], value: values.tender_number ?? "", errors: errors, required: true))
            \(Form.text("title", label: l[.bidTitle], value: values.title ?? "", errors: errors, required: true))
            \(Form.text("submission_deadline", label: l[.submissionDeadline], value: values.submission_deadline ?? "", errors: errors, type: "datetime-local", required: true))
            \(Form.text("opening_date", label: l[.openingDate], value: values.opening_date ?? "", errors: errors, type: "date"))
            \(Form.text("bid_amount", label: l[.bidAmountYuan], value: values.bid_amount ?? "", errors: errors))
            \(Form.select("status", label: l[.status], options: statusOptions, selected: values.status ?? "", errors: errors))
            \(ownerSelect)
            \(Form.text("bond_amount", label: l[.bondAmountYuan], value: values.bond_amount ?? "", errors: errors))
            \(Form.text("bond_paid_on", label: l[.bondPaidOn], value: values.bond_paid_on ?? "", errors: errors, type: "date", hint: l[.bondDayHint]))
            \(Form.text("bond_returned_on", label: l[.bondReturnedOn], value: values.bond_returned_on ?? "", errors: errors, type: "date", hint: l[.bondDayHint]))
          </div>
          \(Form.checkbox("bond_paid", label: l[.bondPaid], checked: values.bond_paid == "true"))
          \(Form.checkbox("bond_returned", label: l[.bondReturned], checked: values.bond_returned == "true"))\(bondReturnedError)
          \(Form.textarea("competitors", label: l[.competitors], value: values.competitors ?? "", errors: errors, rows: 4, hint: l[.competitorsHint]))
          <fieldset class="bid-result"><legend>\(l[.bidResult])</legend><p class="hint">\(l[.resultHint])</p>
          <div class="grid-form">
            \(Form.text("winning_bidder", label: l[.winningBidder], value: values.winning_bidder ?? "", errors: errors))
            \(Form.text("winning_amount", label: l[.winningAmountYuan], value: values.winning_amount ?? "", errors: errors))
          </div>
          \(Form.textarea("result_reason", label: l[.resultReason], value: values.result_reason ?? "", errors: errors, rows: 2))
          </fieldset>
          \(Form.textarea("notes", label: l[.notes], value: values.notes ?? "", errors: errors, rows: 3))
          <div class="form-actions"><button type="submit" id="save-bid">\(l[.save])</button><a class="button ghost" href="\(cancel)">\(l[.cancel])</a></div>
        </form></div>
        """
    }
}
