import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/sales-channels`: the channels an order may name. Everyone reads them; administrators add, change, retire and
/// delete the added ones.
enum SalesChannelsAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/sales-channels", operationID: "listSalesChannels",
                     summary: "Every channel an order may name: the built-in ones first, then those an administrator added (retired ones too: active false)",
                     tag: "orders", access: .signedIn, reach: .everyone, responses: [.init(.ok, "The channels", schemaName: "SalesChannelList")])) { request in
            let builtIn = SalesChannel.allCases.map(SalesChannelBody.init(builtIn:))
            let added = try await request.salesChannels.added().map(SalesChannelBody.init(added:))
            return try .json(ListBody(Page(items: builtIn + added, next: nil), { $0 }))
        }
        api.on(.init(.POST, "/sales-channels", operationID: "createSalesChannel", summary: "Add a sales channel", tag: "orders", access: .admin,
                     request: SalesChannelInputBody.schemaName, requiring: ["code", "name_en", "name_zh"],
                     responses: [.init(.created, "The new channel", schemaName: SalesChannelBody.schemaName)],
                     rules: [.init(["code"], "not a built-in channel's code and not taken by an added one; it never changes")])) { request in
            let body = try request.decodeJSON(SalesChannelInputBody.self)
            var problems = FieldProblems()
            for field in ["code", "name_en", "name_zh"] where !body.present.contains(field) { problems[field] = .required }
            try problems.throwIfAny()
            return try .json(SalesChannelBody(added: try await request.salesChannels.create(body.draft(), by: request.actor())), status: .created)
        }
        api.on(.init(.PATCH, "/sales-channels/{id}", operationID: "updateSalesChannel",
                     summary: "Rename, move or retire (active false) an added channel; send the version you read", tag: "orders", access: .admin,
                     request: SalesChannelInputBody.schemaName,
                     responses: [.init(.ok, "The changed channel", schemaName: SalesChannelBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)],
                     rules: [.init(["code"], "the channel's own: a code never changes")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(SalesChannelInputBody.self)
            let existing = try await request.salesChannels.channel(id: id)
            if body.present.contains("code"), body.draft().code != existing.code {
                var problems = FieldProblems()
                problems["code"] = .notAllowed
                try problems.throwIfAny()
            }
            return try .json(SalesChannelBody(added: try await request.salesChannels.update(
                id: id, version: try requireVersion(body.version), body.draft(over: SalesChannelInputBody.draft(of: existing)), by: request.actor())))
        }
        api.on(.init(.DELETE, "/sales-channels/{id}", operationID: "deleteSalesChannel",
                     summary: "Delete an added channel no order names (retire one in use instead: active false)", tag: "orders", access: .admin,
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.conflict, "Orders name this channel", schemaName: ErrorBody.schemaName)])) { request in
            try await request.salesChannels.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    static let components: [(String, JSONSchema)] = [
        (SalesChannelBody.schemaName, SalesChannelBody.schema),
        ("SalesChannelList", ListBody<SalesChannelBody>.schema(of: SalesChannelBody.schemaName)),
        (SalesChannelInputBody.schemaName, SalesChannelInputBody.schema),
    ]
}
