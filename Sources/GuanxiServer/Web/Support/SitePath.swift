import Foundation
import Vapor

/// Every page and form target of the web interface. The same value registers a route (`components`, with `:id`
/// where a record's id goes) and links to it (`description`, with the id filled in), so a link cannot point to a
/// path that no route serves.
enum SitePath: Sendable, Hashable, CustomStringConvertible {
    case dashboard
    case login, logout, language
    case account, accountPassword
    case customers, customerNew, customerExport
    case customer(Int64), customerEdit(Int64), customerDelete(Int64), customerRestore(Int64), customerMerge(Int64)
    case customerPersonalData(Int64), customerErase(Int64), customerContacts(Int64), customerInteractions(Int64)
    case contact(Int64), contactEdit(Int64), contactDelete(Int64)
    case interaction(Int64), interactionEdit(Int64), interactionDelete(Int64)
    case tasks, task(Int64), taskEdit(Int64), taskDelete(Int64), taskDone(Int64)
    case products, productNew, product(Int64), productEdit(Int64)
    case segments, segmentDelete(Int64)
    case rules, ruleDelete(Int64)
    case imports, importJob(Int64)
    case users, userNew, user(Int64), userEdit(Int64), userDelete(Int64), userSignOut(Int64)
    case teams, teamNew, team(Int64), teamEdit(Int64), teamDelete(Int64)
    case audit
    case opportunities, opportunityNew, opportunity(Int64), opportunityEdit(Int64), opportunityDelete(Int64), opportunityMove(Int64)
    case pipeline, pipelineForecast, salesReport, salesReportExport, salesTargets, salesTargetDelete(Int64)
    case quotes, quoteNew, quote(Int64), quoteEdit(Int64), quoteDelete(Int64), quoteSend(Int64), quoteAccept(Int64)
    case quoteReject(Int64), quoteRevise(Int64), quotePrint(Int64)
    case orders, orderNew, order(Int64), orderEdit(Int64), orderDelete(Int64), orderStatus(Int64), orderPayments(Int64)
    case orderReturns(Int64)
    case companySettings, stages, stageNew, stage(Int64), stageEdit(Int64), stageDelete(Int64)
    case salesChannels, salesChannelNew, salesChannel(Int64), salesChannelEdit(Int64), salesChannelDelete(Int64)
    case bids, bidNew, bid(Int64), bidEdit(Int64), bidDelete(Int64), bidAttachments(Int64), bidFile(Int64), bidFileDelete(Int64)

    /// Stands for the id when a path registers its route rather than links to a record.
    static let anyID: Int64 = 0

    private enum Part { case literal(String), id(Int64) }

    private var parts: [Part] {
        func path(_ literals: String..., id: Int64? = nil, then tail: String...) -> [Part] {
            literals.map(Part.literal) + (id.map { [Part.id($0)] } ?? []) + tail.map(Part.literal)
        }
        switch self {
        case .dashboard: return []
        case .login: return path("login")
        case .logout: return path("logout")
        case .language: return path("language")
        case .account: return path("account")
        case .accountPassword: return path("account", "password")
        case .customers: return path("customers")
        case .customerNew: return path("customers", "new")
        case .customerExport: return path("customers", "export")
        case .customer(let id): return path("customers", id: id)
        case .customerEdit(let id): return path("customers", id: id, then: "edit")
        case .customerDelete(let id): return path("customers", id: id, then: "delete")
        case .customerRestore(let id): return path("customers", id: id, then: "restore")
        case .customerMerge(let id): return path("customers", id: id, then: "merge")
        case .customerPersonalData(let id): return path("customers", id: id, then: "personal-data")
        case .customerErase(let id): return path("customers", id: id, then: "erase")
        case .customerContacts(let id): return path("customers", id: id, then: "contacts")
        case .customerInteractions(let id): return path("customers", id: id, then: "interactions")
        case .contact(let id): return path("contacts", id: id)
        case .contactEdit(let id): return path("contacts", id: id, then: "edit")
        case .contactDelete(let id): return path("contacts", id: id, then: "delete")
        case .interaction(let id): return path("interactions", id: id)
        case .interactionEdit(let id): return path("interactions", id: id, then: "edit")
        case .interactionDelete(let id): return path("interactions", id: id, then: "delete")
        case .tasks: return path("tasks")
        case .task(let id): return path("tasks", id: id)
        case .taskEdit(let id): return path("tasks", id: id, then: "edit")
        case .taskDelete(let id): return path("tasks", id: id, then: "delete")
        case .taskDone(let id): return path("tasks", id: id, then: "done")
        case .products: return path("products")
        case .productNew: return path("products", "new")
        case .product(let id): return path("products", id: id)
        case .productEdit(let id): return path("products", id: id, then: "edit")
        case .segments: return path("segments")
        case .segmentDelete(let id): return path("segments", id: id, then: "delete")
        case .rules: return path("rules")
        case .ruleDelete(let id): return path("rules", id: id, then: "delete")
        case .imports: return path("import")
        case .importJob(let id): return path("import", id: id)
        case .users: return path("admin", "users")
        case .userNew: return path("admin", "users", "new")
        case .user(let id): return path("admin", "users", id: id)
        case .userEdit(let id): return path("admin", "users", id: id, then: "edit")
        case .userDelete(let id): return path("admin", "users", id: id, then: "delete")
        case .userSignOut(let id): return path("admin", "users", id: id, then: "sign-out")
        case .teams: return path("admin", "teams")
        case .teamNew: return path("admin", "teams", "new")
        case .team(let id): return path("admin", "teams", id: id)
        case .teamEdit(let id): return path("admin", "teams", id: id, then: "edit")
        case .teamDelete(let id): return path("admin", "teams", id: id, then: "delete")
        case .audit: return path("admin", "audit")
        case .opportunities: return path("opportunities")
        case .opportunityNew: return path("opportunities", "new")
        case .opportunity(let id): return path("opportunities", id: id)
        case .opportunityEdit(let id): return path("opportunities", id: id, then: "edit")
        case .opportunityDelete(let id): return path("opportunities", id: id, then: "delete")
        case .opportunityMove(let id): return path("opportunities", id: id, then: "move")
        case .pipeline: return path("pipeline")
        case .pipelineForecast: return path("pipeline", "forecast")
        case .salesReport: return path("reports", "sales")
        case .salesReportExport: return path("reports", "sales", "export")
        case .salesTargets: return path("reports", "targets")
        case .salesTargetDelete(let id): return path("reports", "targets", id: id, then: "delete")
        case .quotes: return path("quotes")
        case .quoteNew: return path("quotes", "new")
        case .quote(let id): return path("quotes", id: id)
        case .quoteEdit(let id): return path("quotes", id: id, then: "edit")
        case .quoteDelete(let id): return path("quotes", id: id, then: "delete")
        case .quoteSend(let id): return path("quotes", id: id, then: "send")
        case .quoteAccept(let id): return path("quotes", id: id, then: "accept")
        case .quoteReject(let id): return path("quotes", id: id, then: "reject")
        case .quoteRevise(let id): return path("quotes", id: id, then: "revise")
        case .quotePrint(let id): return path("quotes", id: id, then: "print")
        case .orders: return path("orders")
        case .orderNew: return path("orders", "new")
        case .order(let id): return path("orders", id: id)
        case .orderEdit(let id): return path("orders", id: id, then: "edit")
        case .orderDelete(let id): return path("orders", id: id, then: "delete")
        case .orderStatus(let id): return path("orders", id: id, then: "status")
        case .orderPayments(let id): return path("orders", id: id, then: "payments")
        case .orderReturns(let id): return path("orders", id: id, then: "returns")
        case .companySettings: return path("admin", "settings")
        case .stages: return path("admin", "stages")
        case .stageNew: return path("admin", "stages", "new")
        case .stage(let id): return path("admin", "stages", id: id)
        case .stageEdit(let id): return path("admin", "stages", id: id, then: "edit")
        case .stageDelete(let id): return path("admin", "stages", id: id, then: "delete")
        case .salesChannels: return path("admin", "sales-channels")
        case .salesChannelNew: return path("admin", "sales-channels", "new")
        case .salesChannel(let id): return path("admin", "sales-channels", id: id)
        case .salesChannelEdit(let id): return path("admin", "sales-channels", id: id, then: "edit")
        case .salesChannelDelete(let id): return path("admin", "sales-channels", id: id, then: "delete")
        case .bids: return path("bids")
        case .bidNew: return path("bids", "new")
        case .bid(let id): return path("bids", id: id)
        case .bidEdit(let id): return path("bids", id: id, then: "edit")
        case .bidDelete(let id): return path("bids", id: id, then: "delete")
        case .bidAttachments(let id): return path("bids", id: id, then: "attachments")
        case .bidFile(let id): return path("bid-files", id: id)
        case .bidFileDelete(let id): return path("bid-files", id: id, then: "delete")
        }
    }

    /// The link: `/customers/42/edit`.
    var description: String {
        "/" + parts.map { part in
            switch part {
            case .literal(let text): return text
            case .id(let id): return String(id)
            }
        }.joined(separator: "/")
    }

    /// The route: `customers/:id/edit`.
    var components: [PathComponent] {
        parts.map { part in
            switch part {
            case .literal(let text): return .constant(text)
            case .id: return .parameter("id")
            }
        }
    }

    /// The link with a query (values percent-encoded) and an optional fragment: `/customers?tag=vip#list`.
    func with(_ query: [(String, String)] = [], fragment: String? = nil) -> String {
        // Only unreserved characters stay as they are: `&`, `=`, `+` and `#` in a value must not split the query.
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
        var link = description
        if !query.isEmpty { link += "?" + query.map { encoded($0.0) + "=" + encoded($0.1) }.joined(separator: "&") }
        if let fragment { link += "#" + encoded(fragment) }
        return link
    }
}

extension RoutesBuilder {
    @discardableResult
    func get(_ path: SitePath, use closure: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable) -> Route {
        get(path.components, use: closure)
    }

    @discardableResult
    func post(_ path: SitePath, use closure: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable) -> Route {
        post(path.components, use: closure)
    }
}

extension HTML.StringInterpolation {
    mutating func appendInterpolation(_ path: SitePath) { appendInterpolation(path.description) }
}

extension Request {
    func redirect(to path: SitePath) -> Response { redirect(to: path.description) }

    func redirect(to path: SitePath, flash key: TextKey, name: String = "") -> Response {
        redirect(to: path.description, flash: key, name: name)
    }
}
