import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/bids`: bids for customers' tenders (投标), with their competitors, files and win rates.
enum BidsAPI {
    static let filterParameters: [APIRoute.Parameter] = [
        .id("customer_id", "For this customer's tenders"), .choice("status", "In this status", BidStatus.self),
    ]

    static func filter(_ request: Request) throws -> BidBook.Filter {
        var filter = BidBook.Filter()
        filter.customerID = try request.idQuery("customer_id")
        filter.status = try request.choiceQuery("status", BidStatus.self)
        return filter
    }

    static let readOnly = APIRoute.Response(.forbidden, "You may see but not change this customer's bids", schemaName: ErrorBody.schemaName)

    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/bids", operationID: "listBids", summary: "Bids you may see, newest first", tag: "bids", access: .signedIn, reach: .everyone,
                     query: APIRoute.pageParameters + filterParameters,
                     responses: [.init(.ok, "A page of bids", schemaName: "BidList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            let page = try await request.bids.bids(try filter(request), after: cursor, limit: limit, by: request.actor())
            let competitors = try await request.bids.competitors(of: page.items)
            return try .json(ListBody(page) { BidBody(bid: $0, competitors: competitors[$0.id ?? 0] ?? []) })
        }
        api.on(.init(.POST, "/bids", operationID: "createBid",
                     summary: "Record a bid for a customer's tender; without owner_id it goes to the customer's owner, who gets a reminder task "
                        + "\(BidBook.reminderLeadDays) days before the submission deadline",
                     tag: "bids", access: .signedIn, reach: .changesCustomer, request: BidInputBody.schemaName, requiring: ["customer_id", "submission_deadline", "tender_number", "title"],
                     responses: [.init(.created, "The new bid", schemaName: BidBody.schemaName), readOnly], rules: [.customerExists, .opportunityOfCustomer, .assignableOwner, .init(["opening_date"], "not before the submission deadline's day"), .init(["bond_paid_on"], "given exactly when bond_paid is true"), .init(["bond_returned"], "only once bond_paid"), .init(["bond_returned_on"], "given exactly when bond_returned is true, not before bond_paid_on"), .init(["status"], "new bids are preparing or submitted; later a step the bid may take"), .init(["bid_amount"], "required once submitted"), .init(["winning_bidder", "winning_amount", "result_reason"], "only, and then required, once the bid is won or lost"), .init(["competitors"], "each competitor named once")])) { request in
            let body = try request.decodeJSON(BidInputBody.self)
            let (draft, problems) = body.draft()
            let actor = try request.actor()
            guard body.customerID != nil else {
                // Without a customer there is no access to check; every other refused field is named all the same.
                var all = try await request.bids.problems(of: draft, by: actor)
                for (field, problem) in problems.problems { all[field] = problem }
                all["customer_id"] = .required
                throw GuanxiError.invalid(all)
            }
            let bid = try await request.bids.create(draft, refusing: problems, by: actor)
            return try .json(try await present(bid, request), status: .created)
        }
        api.on(.init(.GET, "/bids/statistics", operationID: "getBidStatistics",
                     summary: "Win rate, won / (won + lost), overall and against each competitor, over the bids you may see", tag: "bids",
                     access: .signedIn, reach: .everyone, responses: [.init(.ok, "The figures", schemaName: BidStatisticsBody.schemaName)])) { request in
            try .json(BidStatisticsBody(statistics: try await request.bids.statistics(by: request.actor())))
        }
        api.on(.init(.GET, "/bids/{id}", operationID: "getBid", summary: "One bid", tag: "bids", access: .signedIn, reach: .readsCustomer,
                     responses: [.init(.ok, "The bid", schemaName: BidBody.schemaName)])) { request in
            let bid = try await request.bids.bid(id: try request.idParameter(), by: request.actor())
            return try .json(try await present(bid, request))
        }
        api.on(.init(.PATCH, "/bids/{id}", operationID: "updateBid",
                     summary: "Change a bid, submit it or record its result (lost needs result_reason and winning_bidder); competitors, when sent, "
                        + "replace the list; send the version you read",
                     tag: "bids", access: .signedIn, reach: .changesCustomer, request: BidInputBody.schemaName,
                     responses: [.init(.ok, "The changed bid", schemaName: BidBody.schemaName), readOnly,
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [.customerExists, .opportunityOfCustomer, .assignableOwner, .init(["opening_date"], "not before the submission deadline's day"), .init(["bond_paid_on"], "given exactly when bond_paid is true"), .init(["bond_returned"], "only once bond_paid"), .init(["bond_returned_on"], "given exactly when bond_returned is true, not before bond_paid_on"), .init(["status"], "new bids are preparing or submitted; later a step the bid may take"), .init(["bid_amount"], "required once submitted"), .init(["winning_bidder", "winning_amount", "result_reason"], "only, and then required, once the bid is won or lost"), .init(["competitors"], "each competitor named once"), .customerFixed])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(BidInputBody.self)
            let actor = try request.actor()
            let existing = try await request.bids.bid(id: id, by: actor)
            var (draft, problems) = body.draft(over: try await request.bids.draft(of: existing))
            if let customer = body.customerID, customer != existing.$customer.id { problems["customer_id"] = .notAllowed }
            if body.version == nil { problems["version"] = .required }
            let bid = try await request.bids.update(id: id, version: body.version ?? 0, draft, refusing: problems, by: actor)
            return try .json(try await present(bid, request))
        }
        api.on(.init(.DELETE, "/bids/{id}", operationID: "deleteBid", summary: "Delete a bid with its competitors and files",
                     tag: "bids", access: .signedIn, reach: .changesCustomer, responses: [.init(.noContent, "Deleted", schemaName: nil), readOnly])) { request in
            try await request.bids.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
        api.on(.init(.GET, "/bids/{id}/attachments", operationID: "listBidAttachments", summary: "The bid's files, oldest first",
                     tag: "bids", access: .signedIn, reach: .readsCustomer,
                     responses: [.init(.ok, "The files, without their bytes", schemaName: "BidAttachmentList")])) { request in
            let attachments = try await request.bids.attachments(of: try request.idParameter(), by: request.actor())
            return try .json(ListBody(Page(items: attachments, next: nil), BidAttachmentBody.init))
        }
        api.on(.init(.POST, "/bids/{id}/attachments", operationID: "uploadBidAttachment",
                     summary: "Keep a file with the bid: the body is the file itself, sent with its own Content-Type, at most 20 MiB; "
                        + "?filename= names it (no folders, no control characters). A Content-Type that is no media type, or a text type "
                        + "(text/*, JSON, XML, YAML) whose bytes are not valid in its charset (UTF-8 when none is named), is kept as "
                        + "application/octet-stream; other charsets are kept as sent",
                     tag: "bids", access: .signedIn, reach: .changesCustomer,
                     query: [.init(name: "filename", description: "The file's name, required", schema: .string(),
                                   rule: "required: at most 255 characters, no control characters, no / or \\, and not . or ..")],
                     responses: [.init(.created, "The kept file", schemaName: BidAttachmentBody.schemaName), readOnly,
                                 .init(.payloadTooLarge, "The file is larger than 20 MiB", schemaName: ErrorBody.schemaName),
                                 .init(.unprocessableEntity, "No file, or no acceptable filename; `fields` names it", schemaName: ErrorBody.schemaName)], rules: [.init(["file"], "not empty, at most 20 MB")],
                     uploadLimit: BidBook.maximumAttachmentBytes, uploadMediaType: "*/*")) { request in
            let id = try request.idParameter()
            // The router refuses a larger body while it streams in; one that arrived whole is measured here.
            if let size = request.body.data?.readableBytes, size > BidBook.maximumAttachmentBytes { throw Abort(.payloadTooLarge) }
            let filename = try request.strictQuery()["filename"] ?? ""
            let data = request.body.data.map { Data($0.readableBytesView) } ?? Data()
            let attachment = try await request.bids.attach(to: id, filename: filename, contentType: request.headers.first(name: .contentType),
                                                           data: data, by: request.actor())
            return try .json(BidAttachmentBody(attachment: attachment), status: .created)
        }
        api.on(.init(.GET, "/bids/{id}/attachments/{attachmentId}", operationID: "downloadBidAttachment",
                     summary: "Download one of the bid's files, with its own Content-Type, as an attachment named in filename*",
                     tag: "bids", access: .signedIn, reach: .readsCustomer,
                     responses: [.init(.ok, "The file", schemaName: "BidAttachmentFile", contentType: "*/*")])) { request in
            let file = try await request.bids.attachmentFile(try request.idParameter("attachmentId"), of: try request.idParameter(),
                                                             by: request.actor())
            return BidAttachmentDownload.response(file)
        }
        api.on(.init(.DELETE, "/bids/{id}/attachments/{attachmentId}", operationID: "deleteBidAttachment", summary: "Remove one of the bid's files",
                     tag: "bids", access: .signedIn, reach: .changesCustomer, responses: [.init(.noContent, "Removed", schemaName: nil), readOnly])) { request in
            try await request.bids.detach(try request.idParameter("attachmentId"), of: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    static func present(_ bid: Bid, _ request: Request) async throws -> BidBody {
        BidBody(bid: bid, competitors: try await request.bids.competitors(of: [bid])[bid.id ?? 0] ?? [])
    }

    static let components: [(String, JSONSchema)] = [
        (BidBody.schemaName, BidBody.schema),
        (CompetitorBody.schemaName, CompetitorBody.schema),
        (CompetitorInputBody.schemaName, CompetitorInputBody.schema),
        (BidInputBody.schemaName, BidInputBody.schema),
        ("BidList", ListBody<BidBody>.schema(of: BidBody.schemaName)),
        (BidAttachmentBody.schemaName, BidAttachmentBody.schema),
        ("BidAttachmentList", ListBody<BidAttachmentBody>.schema(of: BidAttachmentBody.schemaName)),
        ("BidAttachmentFile", .string(format: "binary")),
        (BidStatisticsBody.schemaName, BidStatisticsBody.schema),
    ]
}
