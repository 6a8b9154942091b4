import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The sales channels for administrators: the built-in ones, read only, and the added ones with their code,
/// names in both languages, order and whether they are offered on new orders.
struct SalesChannelsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.salesChannels, use: list)
        routes.get(.salesChannelNew, use: newForm)
        routes.post(.salesChannels, use: create)
        routes.get(.salesChannelEdit(SitePath.anyID), use: editForm)
        routes.post(.salesChannel(SitePath.anyID), use: update)
        routes.post(.salesChannelDelete(SitePath.anyID), use: delete)
    }

    struct ChannelForm: Content {
        var code: String?, name_en: String?, name_zh: String?, position: String?, active: String?, version: Int?

        init(position: Int) {
            self.position = String(position)
            active = "true"
        }

        init(_ channel: CustomSalesChannel) {
            code = channel.code; name_en = channel.nameEnglish; name_zh = channel.nameChinese
            position = String(channel.position); active = channel.active ? "true" : nil; version = channel.version
        }

        func draft(_ problems: inout FieldProblems) -> SalesChannelBook.Draft {
            var draft = SalesChannelBook.Draft()
            draft.code = code ?? ""
            draft.nameEnglish = name_en ?? ""
            draft.nameChinese = name_zh ?? ""
            draft.position = FormNumber.integer(position, field: "position", empty: 1, into: &problems)
            draft.active = active == "true"
            return draft
        }
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let added = try await request.salesChannels.added()
        let builtIn: [HTML] = SalesChannel.allCases.map { channel in
            "<tr><td><code>\(channel.rawValue)</code></td><td>\(l.salesChannelName(channel))</td><td><span class=\"pill\">\(l[.builtInChannel])</span></td><td><span class=\"pill ok\">\(l[.active])</span></td></tr>"
        }
        let rows: [HTML] = added.map { channel in
            let active: HTML = channel.active ? "<span class=\"pill ok\">\(l[.active])</span>" : "<span class=\"pill off\">\(l[.inactive])</span>"
            return """
            <tr><td><code>\(channel.code)</code></td><td><a href="\(SitePath.salesChannelEdit(channel.id ?? 0))">\(SalesChannelNames(added).name(channel.code, l))</a></td>\
            <td>\(channel.nameEnglish) · \(channel.nameChinese)</td><td>\(active)</td></tr>
            """
        }
        let content: HTML = """
        <div class="toolbar"><p class="muted">\(l[.channelInUseHint])</p><a class="button" id="new-sales-channel" href="\(SitePath.salesChannelNew)">\(l[.newSalesChannel])</a></div>
        <div class="table-card"><table id="sales-channels-table">
          <thead><tr><th>\(l[.channelCode])</th><th>\(l[.salesChannel])</th><th></th><th>\(l[.status])</th></tr></thead>
          <tbody>\(builtIn.joined())\(rows.joined())</tbody>
        </table></div>
        """
        return Layout.page(l[.salesChannelsTitle], context, content: content)
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let next = (try await request.salesChannels.added().map(\.position).max() ?? 0) + 1
        return try form(request, channel: nil, values: ChannelForm(position: min(1000, next)), problems: FieldProblems(), status: .ok)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try request.content.decode(ChannelForm.self)
        var problems = FieldProblems()
        let draft = values.draft(&problems)
        do {
            try problems.throwIfAny()
            let channel = try await request.salesChannels.create(draft, by: try request.actor())
            return request.redirect(to: SitePath.salesChannels, flash: .salesChannelCreated, name: SalesChannelNames([channel]).name(channel.code, request.localizer))
        } catch GuanxiError.invalid(let refused) {
            return try form(request, channel: nil, values: values, problems: refused)
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let channel = try await request.salesChannels.channel(id: try request.idParameter())
        return try form(request, channel: channel, values: ChannelForm(channel), problems: FieldProblems(), status: .ok)
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let channel = try await request.salesChannels.channel(id: try request.idParameter())
        var values = try request.content.decode(ChannelForm.self)
        values.code = channel.code
        var problems = FieldProblems()
        let draft = values.draft(&problems)
        do {
            try problems.throwIfAny()
            let saved = try await request.salesChannels.update(id: channel.id ?? 0, version: values.version ?? 0, draft, by: try request.actor())
            return request.redirect(to: SitePath.salesChannels, flash: .salesChannelUpdated, name: SalesChannelNames([saved]).name(saved.code, request.localizer))
        } catch GuanxiError.invalid(let refused) {
            return try form(request, channel: channel, values: values, problems: refused)
        }
    }

    /// Deletes a channel no order names; one in use shows its form again with the advice to retire it.
    @Sendable func delete(_ request: Request) async throws -> Response {
        let channel = try await request.salesChannels.channel(id: try request.idParameter())
        let name = SalesChannelNames([channel]).name(channel.code, request.localizer)
        do {
            try await request.salesChannels.delete(id: channel.id ?? 0, by: try request.actor())
            return request.redirect(to: SitePath.salesChannels, flash: .salesChannelDeleted, name: name)
        } catch GuanxiError.conflict(.channelInUse) {
            return try form(request, channel: channel, values: ChannelForm(channel), problems: FieldProblems(),
                            banner: request.localizer[.errChannelInUse], status: .conflict)
        }
    }

    private func form(_ request: Request, channel: CustomSalesChannel?, values: ChannelForm, problems: FieldProblems, banner: String? = nil,
                      status: HTTPStatus = .unprocessableEntity) throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let id = channel?.id
        let delete: HTML = id.map { id in
            "<form method=\"post\" action=\"\(SitePath.salesChannelDelete(id))\" class=\"inline\" data-confirm=\"\(l[.confirmDeleteSalesChannel])\">\(context.csrfField)<button class=\"danger\" type=\"submit\" id=\"delete-sales-channel\">\(l[.delete])</button></form>"
        } ?? .empty
        // The code is fixed once orders may name it.
        let code: HTML = channel.map { HTML("<div class=\"field\"><label>\(l[.channelCode])</label><p><code id=\"channel-code\">\($0.code)</code></p></div>") }
            ?? Form.text("code", label: l[.channelCode], value: values.code ?? "", errors: errors, required: true, hint: l[.channelCodeHint])
        let content: HTML = """
        <div class="card">\(problems.isEmpty && banner == nil ? HTML.empty : Form.banner(banner ?? l[.errValidation]))
        <form method="post" action="\(id.map { SitePath.salesChannel($0).description } ?? SitePath.salesChannels.description)" id="sales-channel-form">\(context.csrfField)
          \(values.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          <div class="grid-form">
            \(code)
            \(Form.text("name_zh", label: l[.stageNameChinese], value: values.name_zh ?? "", errors: errors, required: true))
            \(Form.text("name_en", label: l[.stageNameEnglish], value: values.name_en ?? "", errors: errors, required: true))
            \(Form.text("position", label: l[.position], value: values.position ?? "", errors: errors, type: "number"))
          </div>
          \(Form.checkbox("active", label: l[.channelOffered], checked: values.active == "true"))
          <div class="form-actions"><button type="submit" id="save-sales-channel">\(l[.save])</button><a class="button ghost" href="\(SitePath.salesChannels)">\(l[.cancel])</a></div>
        </form>
        \(delete)</div>
        """
        let response = Layout.page(channel == nil ? l[.newSalesChannel] : l[.editSalesChannel], context, content: content)
        response.status = status
        return response
    }
}
