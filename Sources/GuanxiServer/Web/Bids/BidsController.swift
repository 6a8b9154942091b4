import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Bids in the browser: the list, the form, the detail page with its files, and deletion.
struct BidsController: RouteCollection {
    /// What an upload's body may hold: the largest file and the form around it.
    static let uploadBodyLimit = BidBook.maximumAttachmentBytes + (1 << 20)

    /// Whether a POST to `path` is a bid's file upload (which the CSRF check must read within the larger limit).
    static func isUploadPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 3 && parts[0] == "bids" && Int64(parts[1]) != nil && parts[2] == "attachments"
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.bids, use: list)
        routes.get(.bidNew, use: newForm)
        routes.post(.bids, use: create)
        routes.get(.bid(SitePath.anyID), use: show)
        routes.get(.bidEdit(SitePath.anyID), use: editForm)
        routes.post(.bid(SitePath.anyID), use: update)
        routes.post(.bidDelete(SitePath.anyID), use: delete)
        routes.on(.POST, SitePath.bidAttachments(SitePath.anyID).components, body: .collect(maxSize: ByteCount(value: Self.uploadBodyLimit)),
                  use: upload)
        routes.get(.bidFile(SitePath.anyID), use: download)
        routes.post(.bidFileDelete(SitePath.anyID), use: deleteFile)
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await BidListPage.Model.load(request)
        return Layout.page(context.l[.bidsTitle], context,
                           content: BidListPage.view(model, context, format: WebFormat(timeZone: request.guanxi.settings.timeZone)))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try detail(request, try await BidDetailPage.Model.load(request, id: try request.idParameter()))
    }

    private func detail(_ request: Request, _ model: BidDetailPage.Model, status: HTTPStatus = .ok) throws -> Response {
        let context = PageContext(request: request)
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        let response = Layout.page(model.bid.tenderNumber + " · " + model.bid.title, context,
                                   content: BidDetailPage.view(model, context, format: format))
        response.status = status
        return response
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        guard let customer = try await CustomerPicker.chosen(request) else {
            let choices = try await CustomerPicker.choices(request)
            return Layout.page(context.l[.newBid], context,
                               content: CustomerPicker.view(.bidNew, customers: choices, title: context.l[.chooseCustomer], context))
        }
        var values = BidFormPage.Values()
        values.customer_id = String(customer.id ?? 0)
        values.status = BidStatus.preparing.rawValue
        values.bond_amount = "0.00"
        if let opportunity = request.query[String.self, at: "opportunity_id"] { values.opportunity_id = opportunity }
        return try await form(request, existing: nil, customer: customer, values: values, problems: FieldProblems(), status: .ok)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try request.content.decode(BidFormPage.Values.self)
        let actor = try request.actor()
        guard let customerID = FormNumber.id(values.customer_id) else { throw GuanxiError.notFound(entity: "customer") }
        let customer = try await CustomerPicker.writable(customerID, request)
        var problems = FieldProblems()
        var base = BidBook.Draft()
        base.customerID = customerID
        let draft = values.draft(over: base, assignsOwners: actor.access.assignsOwners, timeZone: request.guanxi.settings.timeZone, &problems)
        do {
            let bid = try await request.bids.create(draft, refusing: problems, by: actor)
            return request.redirect(to: SitePath.bid(bid.id ?? 0), flash: .bidCreated, name: bid.tenderNumber)
        } catch GuanxiError.invalid(let refused) {
            return try await form(request, existing: nil, customer: customer, values: values, problems: refused)
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        let bid = try await request.bids.bid(id: try request.idParameter(), by: actor)
        let customer = try await CustomerPicker.writable(bid.$customer.id, request)
        let competitors = try await request.bids.competitors(of: [bid])[bid.id ?? 0] ?? []
        let values = BidFormPage.Values(bid, competitors: competitors, format: WebFormat(timeZone: request.guanxi.settings.timeZone))
        return try await form(request, existing: bid, customer: customer, values: values, problems: FieldProblems(), status: .ok)
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let values = try request.content.decode(BidFormPage.Values.self)
        let existing = try await request.bids.bid(id: id, by: actor)
        let customer = try await CustomerPicker.writable(existing.$customer.id, request)
        var problems = FieldProblems()
        let draft = values.draft(over: try await request.bids.draft(of: existing), assignsOwners: actor.access.assignsOwners,
                                 timeZone: request.guanxi.settings.timeZone, &problems)
        do {
            let bid = try await request.bids.update(id: id, version: values.version ?? 0, draft, refusing: problems, by: actor)
            return request.redirect(to: SitePath.bid(id), flash: .bidUpdated, name: bid.tenderNumber)
        } catch GuanxiError.invalid(let refused) {
            return try await form(request, existing: existing, customer: customer, values: values, problems: refused)
        }
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let bid = try await request.bids.bid(id: id, by: actor)
        try await request.bids.delete(id: id, by: actor)
        return request.redirect(to: SitePath.customer(bid.$customer.id), flash: .bidDeleted, name: bid.tenderNumber)
    }

    @Sendable func upload(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let actor = try request.actor()
        let values = try request.content.decode(Upload.self)
        var problems = FieldProblems()
        var status = HTTPStatus.unprocessableEntity
        if let file = values.file, file.data.readableBytes > 0 {
            if file.data.readableBytes > BidBook.maximumAttachmentBytes {
                problems["file"] = .tooLarge(maximum: "20 MB")
                status = .payloadTooLarge
            } else {
                do {
                    let attachment = try await request.bids.attach(to: id, filename: file.filename, contentType: file.contentType?.serialize(),
                                                                   data: Data(file.data.readableBytesView), by: actor)
                    return request.redirect(to: SitePath.bid(id), flash: .attachmentUploaded, name: attachment.filename)
                } catch GuanxiError.invalid(let refused) {
                    problems = refused
                }
            }
        } else {
            problems["file"] = .required
        }
        var model = try await BidDetailPage.Model.load(request, id: id)
        guard model.canWrite else { throw GuanxiError.forbidden }
        model.uploadProblems = problems
        return try detail(request, model, status: status)
    }

    @Sendable func download(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        guard let attachment = try await BidAttachment.find(id, on: request.db) else { throw GuanxiError.notFound(entity: "attachment") }
        let file = try await request.bids.attachmentFile(id, of: attachment.$bid.id, by: try request.actor())
        return BidAttachmentDownload.response(file)
    }

    @Sendable func deleteFile(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        guard let attachment = try await BidAttachment.find(id, on: request.db) else { throw GuanxiError.notFound(entity: "attachment") }
        let bidID = attachment.$bid.id
        try await request.bids.detach(id, of: bidID, by: try request.actor())
        return request.redirect(to: SitePath.bid(bidID), flash: .attachmentDeleted, name: attachment.filename)
    }

    private func form(_ request: Request, existing: Bid?, customer: Customer, values: BidFormPage.Values, problems: FieldProblems,
                      status: HTTPStatus = .unprocessableEntity) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await BidFormPage.Model.load(request, existing: existing, customer: customer, values: values, problems: problems)
        let response = Layout.page(existing == nil ? context.l[.newBid] : context.l[.editBid], context, content: BidFormPage.view(model, context))
        response.status = status
        return response
    }
}
