import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The pipeline's stages for administrators: names in both languages, order, probability, won / lost, active.
struct PipelineStagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.stages, use: list)
        routes.get(.stageNew, use: newForm)
        routes.post(.stages, use: create)
        routes.get(.stageEdit(SitePath.anyID), use: editForm)
        routes.post(.stage(SitePath.anyID), use: update)
        routes.post(.stageDelete(SitePath.anyID), use: delete)
    }

    struct StageForm: Content {
        var name_en: String?, name_zh: String?, position: String?, probability: String?
        var is_won: String?, is_lost: String?, active: String?, version: Int?

        init(position: Int) {
            self.position = String(position)
            probability = "0"
            active = "true"
        }

        init(_ stage: PipelineStage) {
            name_en = stage.nameEnglish; name_zh = stage.nameChinese; position = String(stage.position)
            probability = String(stage.probability); is_won = stage.isWon ? "true" : nil; is_lost = stage.isLost ? "true" : nil
            active = stage.active ? "true" : nil; version = stage.version
        }

        func draft(_ problems: inout FieldProblems) -> PipelineStageBook.Draft {
            var draft = PipelineStageBook.Draft()
            draft.nameEnglish = name_en ?? ""
            draft.nameChinese = name_zh ?? ""
            draft.position = FormNumber.integer(position, field: "position", empty: 1, into: &problems)
            draft.probability = FormNumber.integer(probability, field: "probability", empty: 0, into: &problems)
            draft.isWon = is_won == "true"
            draft.isLost = is_lost == "true"
            draft.active = active == "true"
            return draft
        }
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let stages = try await request.stages.stages()
        let rows: [HTML] = stages.map { stage in
            let kind: HTML = stage.isWon ? "<span class=\"pill ok\">\(l[.wonStage])</span>"
                : stage.isLost ? "<span class=\"pill bad\">\(l[.lostStage])</span>" : .empty
            let active: HTML = stage.active ? "<span class=\"pill ok\">\(l[.active])</span>" : "<span class=\"pill off\">\(l[.inactive])</span>"
            return """
            <tr><td class="num">\(stage.position)</td><td><a href="\(SitePath.stageEdit(stage.id ?? 0))">\(l.pipelineStageName(stage))</a></td>
            <td>\(stage.nameEnglish)</td><td>\(stage.nameChinese)</td><td class="num">\(stage.probability) %</td><td>\(kind)</td><td>\(active)</td></tr>
            """
        }
        let content: HTML = """
        <div class="toolbar"><p class="muted">\(l[.stageInUseHint])</p><a class="button" id="new-stage" href="\(SitePath.stageNew)">\(l[.newStage])</a></div>
        <div class="table-card"><table id="stages-table">
          <thead><tr><th class="num">\(l[.position])</th><th>\(l[.pipelineStage])</th><th>\(l[.stageNameEnglish])</th><th>\(l[.stageNameChinese])</th>\
        <th class="num">\(l[.probability])</th><th></th><th>\(l[.status])</th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"7\" class=\"muted\">\(l[.noStages])</td></tr>") : rows.joined())</tbody>
        </table></div>
        """
        return Layout.page(l[.stagesTitle], context, content: content)
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let next = (try await request.stages.stages().map(\.position).max() ?? 0) + 1
        return try form(request, id: nil, values: StageForm(position: min(1000, next)), problems: FieldProblems(), status: .ok)
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let values = try request.content.decode(StageForm.self)
        var problems = FieldProblems()
        let draft = values.draft(&problems)
        do {
            try problems.throwIfAny()
            let stage = try await request.stages.create(draft, by: try request.actor())
            return request.redirect(to: SitePath.stages, flash: .stageCreated, name: request.localizer.pipelineStageName(stage))
        } catch GuanxiError.invalid(let refused) {
            return try form(request, id: nil, values: values, problems: refused)
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let stage = try await request.stages.stage(id: try request.idParameter())
        return try form(request, id: stage.id, values: StageForm(stage), problems: FieldProblems(), status: .ok)
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(StageForm.self)
        var problems = FieldProblems()
        let draft = values.draft(&problems)
        do {
            try problems.throwIfAny()
            let stage = try await request.stages.update(id: id, version: values.version ?? 0, draft, by: try request.actor())
            return request.redirect(to: SitePath.stages, flash: .stageUpdated, name: request.localizer.pipelineStageName(stage))
        } catch GuanxiError.invalid(let refused) {
            return try form(request, id: id, values: values, problems: refused)
        }
    }

    /// Deletes a stage no opportunity has been in; one in use shows its form again with the advice to retire it.
    @Sendable func delete(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let stage = try await request.stages.stage(id: id)
        do {
            try await request.stages.delete(id: id, by: try request.actor())
            return request.redirect(to: SitePath.stages, flash: .stageDeleted, name: request.localizer.pipelineStageName(stage))
        } catch GuanxiError.invalid(let refused) {
            return try form(request, id: id, values: StageForm(stage), problems: refused, banner: request.localizer[.stageInUseHint])
        }
    }

    private func form(_ request: Request, id: Int64?, values: StageForm, problems: FieldProblems, banner: String? = nil,
                      status: HTTPStatus = .unprocessableEntity) throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let delete: HTML = id.map { id in
            "<form method=\"post\" action=\"\(SitePath.stageDelete(id))\" class=\"inline\" data-confirm=\"\(l[.confirmDeleteStage])\">\(context.csrfField)<button class=\"danger\" type=\"submit\" id=\"delete-stage\">\(l[.delete])</button></form>"
        } ?? .empty
        let content: HTML = """
        <div class="card">\(problems.isEmpty ? HTML.empty : Form.banner(banner ?? l[.errValidation]))
        <form method="post" action="\(id.map { SitePath.stage($0).description } ?? SitePath.stages.description)" id="stage-form">\(context.csrfField)
          \(values.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          <div class="grid-form">
            \(Form.text("name_en", label: l[.stageNameEnglish], value: values.name_en ?? "", errors: errors, required: true))
            \(Form.text("name_zh", label: l[.stageNameChinese], value: values.name_zh ?? "", errors: errors, required: true))
            \(Form.text("position", label: l[.position], value: values.position ?? "", errors: errors, type: "number"))
            \(Form.text("probability", label: l[.probability], value: values.probability ?? "", errors: errors, type: "number"))
          </div>
          \(Form.checkbox("is_won", label: l[.wonStage], checked: values.is_won == "true"))
          \(Form.checkbox("is_lost", label: l[.lostStage], checked: values.is_lost == "true"))
          \(errors["is_lost"].map { HTML("<p class=\"field-error\" id=\"error-is_lost\">\($0)</p>") } ?? HTML.empty)
          \(Form.checkbox("active", label: l[.active], checked: values.active == "true"))
          <div class="form-actions"><button type="submit" id="save-stage">\(l[.save])</button><a class="button ghost" href="\(SitePath.stages)">\(l[.cancel])</a></div>
        </form>
        \(delete)</div>
        """
        let response = Layout.page(id == nil ? l[.newStage] : l[.editStage], context, content: content)
        response.status = status
        return response
    }
}
