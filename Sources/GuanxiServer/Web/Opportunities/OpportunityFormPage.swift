import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The opportunity form: new for a customer, or an existing opportunity's edit. The customer is fixed; the contact
/// is one of its contacts; the stage one of the active stages; the owner a choice only for those who assign owners.
enum OpportunityFormPage {
    struct Values: Content {
        var customer_id: String?, contact_id: String?, title: String?, amount: String?, expected_close_date: String?
        var stage_id: String?, owner_id: String?, source: String?, next_step: String?, competitors: String?, lost_reason: String?
        var version: Int?

        init() {}

        init(_ opportunity: Opportunity) {
            customer_id = String(opportunity.$customer.id)
            contact_id = opportunity.$contact.id.map(String.init)
            title = opportunity.title
            amount = MinorUnits.format(opportunity.amount)
            expected_close_date = opportunity.expectedCloseDate
            stage_id = String(opportunity.$stage.id)
            owner_id = opportunity.$owner.id.map(String.init)
            source = opportunity.source
            next_step = opportunity.nextStep
            competitors = opportunity.competitors
            lost_reason = opportunity.lostReason
            version = opportunity.version
        }

        /// The draft these values make, over `base` (an existing opportunity's, so what the form leaves out stays).
        func draft(over base: OpportunityBook.Draft, assignsOwners: Bool, _ problems: inout FieldProblems) -> OpportunityBook.Draft {
            var draft = base
            draft.contactID = FormNumber.id(contact_id)
            draft.title = title ?? ""
            draft.amount = FormNumber.money(amount, field: "amount", empty: 0, into: &problems) ?? 0
            draft.expectedCloseDate = expected_close_date ?? ""
            if let stage = FormNumber.id(stage_id) { draft.stageID = stage }
            if assignsOwners, let owner = owner_id { draft.ownerID = owner.isEmpty ? nil : Int64(owner) }
            draft.source = source ?? ""
            draft.nextStep = next_step ?? ""
            draft.competitors = competitors ?? ""
            draft.lostReason = lost_reason ?? ""
            return draft
        }
    }

    struct Model: Sendable {
        var id: Int64?
        var customer: Customer
        var contacts: [Contact]
        /// Active stages, and the current one even if it was retired since.
        var stages: [PipelineStage]
        /// Empty when the user cannot assign owners.
        var owners: [(value: String, label: String)]
        var values: Values
        var problems: FieldProblems

        static func load(_ request: Request, id: Int64?, customer: Customer, values: Values, problems: FieldProblems) async throws -> Model {
            let actor = try request.actor()
            let contacts = try await request.contacts.contacts(of: customer.id ?? 0, by: actor)
            let current = FormNumber.id(values.stage_id)
            let stages = try await request.stages.stages().filter { $0.active || $0.id == current }
            let owners = actor.access.assignsOwners ? try await SalesLookup.activeUsers(on: request.db) : []
            return Model(id: id, customer: customer, contacts: contacts, stages: stages, owners: owners, values: values, problems: problems)
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let errors = model.problems.problems.mapValues { l.message(for: $0) }
        let values = model.values
        let action = model.id.map { SitePath.opportunity($0).description } ?? SitePath.opportunities.description
        let stageOptions = model.stages.map { stage in
            (String(stage.id ?? 0), "\(l.pipelineStageName(stage)) · \(stage.probability) %")
        }
        let ownerSelect: HTML = model.owners.isEmpty ? .empty : Form.select(
            "owner_id", label: l[.owner], options: [("", l[.customerOwnerDefault])] + model.owners, selected: values.owner_id ?? "", errors: errors)
        let cancel = model.id.map { SitePath.opportunity($0).description } ?? SitePath.customer(model.customer.id ?? 0).description
        return """
        <div class="card">\(model.problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(action)" id="opportunity-form">\(context.csrfField)
          \(values.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          <div class="grid-form">
            \(CustomerPicker.fixed(model.customer, l: l))
            \(CustomerPicker.contactSelect(model.contacts, selected: values.contact_id ?? "", errors: errors, l: l))
            \(Form.text("title", label: l[.opportunityTitle], value: values.title ?? "", errors: errors, required: true))
            \(Form.text("amount", label: l[.amountYuan], value: values.amount ?? "", errors: errors))
            \(Form.text("expected_close_date", label: l[.expectedClose], value: values.expected_close_date ?? "", errors: errors, type: "date"))
            \(Form.select("stage_id", label: l[.pipelineStage], options: stageOptions, selected: values.stage_id ?? "", errors: errors))
            \(ownerSelect)
            \(Form.text("source", label: l[.source], value: values.source ?? "", errors: errors))
          </div>
          \(Form.textarea("next_step", label: l[.nextStep], value: values.next_step ?? "", errors: errors, rows: 2))
          \(Form.textarea("competitors", label: l[.competitors], value: values.competitors ?? "", errors: errors, rows: 2))
          \(Form.textarea("lost_reason", label: l[.lostReason], value: values.lost_reason ?? "", errors: errors, rows: 2, hint: l[.lostReasonHint]))
          <div class="form-actions"><button type="submit" id="save-opportunity">\(l[.save])</button><a class="button ghost" href="\(cancel)">\(l[.cancel])</a></div>
        </form></div>
        """
    }
}
