import Foundation
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Typed web paths")
struct SitePathTests {
    static let id = SitePath.anyID
    static let every: [SitePath] = [
        .dashboard, .login, .logout, .language, .account, .accountPassword,
        .customers, .customerNew, .customerExport, .customer(id), .customerEdit(id), .customerDelete(id), .customerRestore(id),
        .customerMerge(id), .customerPersonalData(id), .customerErase(id), .customerContacts(id), .customerInteractions(id),
        .contact(id), .contactEdit(id), .contactDelete(id), .interaction(id), .interactionEdit(id), .interactionDelete(id),
        .tasks, .task(id), .taskEdit(id), .taskDelete(id), .taskDone(id), .products, .productNew, .product(id), .productEdit(id),
        .segments, .segmentDelete(id), .rules, .ruleDelete(id), .imports, .importJob(id),
        .users, .userNew, .user(id), .userEdit(id), .userDelete(id), .teams, .teamNew, .team(id), .teamEdit(id), .teamDelete(id),
        .audit,
        .opportunities, .opportunityNew, .opportunity(id), .opportunityEdit(id), .opportunityDelete(id), .opportunityMove(id),
        .pipeline, .pipelineForecast, .quotes, .quoteNew, .quote(id), .quoteEdit(id), .quoteDelete(id), .quoteSend(id),
        .quoteAccept(id), .quoteReject(id), .quoteRevise(id), .quotePrint(id), .orders, .orderNew, .order(id), .orderEdit(id),
        .orderDelete(id), .orderStatus(id), .orderPayments(id), .orderReturns(id),
        .companySettings, .stages, .stageNew, .stage(id), .stageEdit(id), .stageDelete(id),
        .salesChannels, .salesChannelNew, .salesChannel(id), .salesChannelEdit(id), .salesChannelDelete(id),
        .bids, .bidNew, .bid(id), .bidEdit(id), .bidDelete(id), .bidAttachments(id), .bidFile(id), .bidFileDelete(id),
    ]

    @Test("Every path a page links to is a route the server serves")
    func everyPathIsServed() async throws {
        try await withGuanxi { app, _ in
            let served = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            for path in Self.every {
                let pattern = "/" + path.components.map(\.description).joined(separator: "/")
                #expect(served.contains(pattern), "\(path) is linked to but not served")
            }
        }
    }

    @Test("A link fills in the id and escapes its query; a route has the id's parameter")
    func linksAndRoutes() {
        #expect(SitePath.customerEdit(42).description == "/customers/42/edit")
        #expect(SitePath.customerEdit(SitePath.anyID).components.map(\.description) == ["customers", ":id", "edit"])
        #expect(SitePath.dashboard.description == "/")
        #expect(SitePath.userDelete(3).description == "/admin/users/3/delete")
        #expect(SitePath.customers.with([("tag", "重点 & vip")], fragment: "list") == "/customers?tag=%E9%87%8D%E7%82%B9%20%26%20vip#list")
        let html: HTML = "<a href=\"\(SitePath.customer(7))\">"
        #expect(html.raw == "<a href=\"/customers/7\">")
    }
}
