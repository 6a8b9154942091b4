import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Opportunities in the browser: the list, the form, the detail page and deletion. Moving one on the pipeline board
/// is the board's (`PipelineController`).
struct OpportunitiesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.opportunities, use: list)
        routes.get(.opportunityNew, use: newForm)
        routes.post(.opportunities, use: create)
        routes.get(.opportunity(SitePath.anyID), use: show)
        routes.get(.opportunityEdit(SitePath.anyID), use: editForm)
        routes.post(.opportunity(SitePath.anyID), use: update)
        routes.post(.opportunityDelete(SitePath.anyID), use: delete)
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await OpportunityListPage.Model.load(request)
        return Layout.page(context.l[.opportunitiesTitle], context, content: OpportunityListPage.view(model, context))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await OpportunityDetailPage.Model.load(request)
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        return Layout.page(model.opportunity.title, context, content: OpportunityDetailPage.view(model, context, format: format))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        guard let customer = try await CustomerPicker.chosen(request) else {
            let choices = try await CustomerPicker.choices(request)
            return Layout.page(context.l[.newOpportunity], context,
                               content: CustomerPicker.view(.opportunityNew, customers: choices, title: context.l[.chooseCustomer], context))
        }
        var values = OpportunityFormPage.Values()
        values.customer_id = String(customer.id ?? 0)
        values.stage_id = try await request.stages.stages().first { $0.active && $0.isOpen }.flatMap { $0.id.map(String.init) }
        return try await form(request, id: nil, customer: customer, values: values, problems: FieldProblems(), status: .ok)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try request.content.decode(OpportunityFormPage.Values.self)
        let actor = try request.actor()
        guard let customerID = FormNumber.id(values.customer_id) else { throw GuanxiError.notFound(entity: "customer") }
        let customer = try await CustomerPicker.writable(customerID, request)
        var problems = FieldProblems()
        var base = OpportunityBook.Draft()
        base.customerID = customerID
        let draft = values.draft(over: base, assignsOwners: actor.access.assignsOwners, &problems)
        do {
            try problems.throwIfAny()
            let opportunity = try await request.opportunities.create(draft, by: actor)
            return request.redirect(to: SitePath.opportunity(opportunity.id ?? 0), flash: .opportunityCreated, name: opportunity.title)
        } catch GuanxiError.invalid(let refused) {
            return try await form(request, id: nil, customer: customer, values: values, problems: refused)
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        let opportunity = try await request.opportunities.opportunity(id: try request.idParameter(), by: actor)
        let customer = try await CustomerPicker.writable(opportunity.$customer.id, request)
        return try await form(request, id: opportunity.id, customer: customer, values: .init(opportunity), problems: FieldProblems(), status: .ok)
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let values = try request.content.decode(OpportunityFormPage.Values.self)
        let existing = try await request.opportunities.opportunity(id: id, by: actor)
        let customer = try await CustomerPicker.writable(existing.$customer.id, request)
        var problems = FieldProblems()
        let draft = values.draft(over: OpportunityBook.draft(of: existing), assignsOwners: actor.access.assignsOwners, &problems)
        do {
            try problems.throwIfAny()
            let opportunity = try await request.opportunities.update(id: id, version: values.version ?? 0, draft, by: actor)
            return request.redirect(to: SitePath.opportunity(id), flash: .opportunityUpdated, name: opportunity.title)
        } catch GuanxiError.invalid(let refused) {
            return try await form(request, id: id, customer: customer, values: values, problems: refused)
        }
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let opportunity = try await request.opportunities.opportunity(id: id, by: actor)
        try await request.opportunities.delete(id: id, by: actor)
        return request.redirect(to: SitePath.customer(opportunity.$customer.id), flash: .opportunityDeleted, name: opportunity.title)
    }

    private func form(_ request: Request, id: Int64?, customer: Customer, values: OpportunityFormPage.Values, problems: FieldProblems,
                      status: HTTPStatus = .unprocessableEntity) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await OpportunityFormPage.Model.load(request, id: id, customer: customer, values: values, problems: problems)
        let response = Layout.page(id == nil ? context.l[.newOpportunity] : context.l[.editOpportunity], context,
                                   content: OpportunityFormPage.view(model, context))
        response.status = status
        return response
    }
}
