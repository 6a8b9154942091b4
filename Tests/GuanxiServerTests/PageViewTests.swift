import Foundation
import GuanxiCore
import GuanxiStore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Pages as a model and a view; the customer 360 page's panels")
struct PageViewTests {
    static let english = PageContext(l: Localizer(.english), user: nil, csrfToken: "token", path: "/customers/7")
    static let format = WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    static func scope(canWrite: Bool, isDeleted: Bool = false) -> CustomerPanelScope {
        CustomerPanelScope(customerID: 7, actor: Actor(userID: 3, name: "rep", role: .sales), canWrite: canWrite,
                           isDeleted: isDeleted, context: english, format: format, now: Date(timeIntervalSince1970: 1_900_000_000))
    }

    @Test("The page's header renders from its model alone: actions for a writer, a restore banner in the trash")
    func headerFromModel() {
        let live = CustomerPage.Model(id: 7, name: "华信", tags: ["vip & key"], canWrite: true, deletedAt: nil, mergedIntoID: nil,
                                      main: ["<div id=\"m\"></div>"], side: ["<div id=\"s\"></div>"])
        let html = CustomerPage.view(live, Self.english, format: Self.format).raw
        #expect(html.contains("action=\"/customers/7/delete\" data-confirm=\"Move this customer to the trash?\""))
        #expect(html.contains("href=\"/customers/7/edit\""))
        #expect(html.contains(">vip &amp; key</a>"))
        #expect(html.contains("<div id=\"m\"></div>") && html.contains("<div id=\"s\"></div>"))
        #expect(!html.contains("deleted-banner"))

        var trashed = live
        trashed.deletedAt = Date(timeIntervalSince1970: 1_800_000_000)
        trashed.mergedIntoID = 9
        let trash = CustomerPage.view(trashed, Self.english, format: Self.format).raw
        #expect(trash.contains("id=\"deleted-banner\"") && trash.contains("href=\"/customers/9\""))
        #expect(trash.contains("action=\"/customers/7/restore\""))
        #expect(!trash.contains("/customers/7/delete"))

        var readOnly = live
        readOnly.canWrite = false
        #expect(CustomerPage.view(readOnly, Self.english, format: Self.format).raw.contains("id=\"read-only\""))
    }

    @Test("A panel's view renders without a request: contacts with an edit link and the add form only for writers")
    func panelViewWithoutRequest() {
        let contact = Contact()
        contact.id = 5
        contact.name = "O'Brien <Ltd>"
        contact.title = "buyer"
        contact.phone = ""
        contact.mobile = "13900001111"
        contact.email = ""
        contact.wechatID = ""
        contact.isPrimary = true
        let writer = ContactsPanel.view([contact], Self.scope(canWrite: true)).raw
        #expect(writer.contains("O&#39;Brien &lt;Ltd&gt;"))
        #expect(writer.contains("href=\"/contacts/5/edit\""))
        #expect(writer.contains("id=\"contact-form\"") && writer.contains("action=\"/customers/7/contacts\""))
        let reader = ContactsPanel.view([contact], Self.scope(canWrite: false)).raw
        #expect(!reader.contains("/contacts/5/edit") && !reader.contains("contact-form"))
        let trash = ContactsPanel.view([], Self.scope(canWrite: true, isDeleted: true)).raw
        #expect(!trash.contains("contact-form"))
    }

    @Test("The product list renders from its model: prices in yuan, edit links and the next page only where they apply")
    func productListFromModel() {
        let product = Product()
        product.id = 11
        product.sku = "TEA-01"
        product.name = "龙井 <特级>"
        product.category = "茶"
        product.unit = "盒"
        product.listPrice = 12_850
        product.unitCost = 8_000
        product.brand = ""
        product.manufacturer = ""
        product.isAgentProduct = true
        product.active = true
        let page = GuanxiStore.Page(items: [product], next: PageCursor(lastID: 11))
        let editor = ProductListPage.view(.init(search: "龙井", isFirstPage: true, page: page, canEdit: true), Self.english).raw
        #expect(editor.contains("<td>TEA-01</td>") && editor.contains("龙井 &lt;特级&gt;") && editor.contains("<td>128.50</td>"))
        #expect(editor.contains("href=\"/products/11/edit\"") && editor.contains("id=\"new-product\""))
        #expect(editor.contains("id=\"next-page\""))
        let reader = ProductListPage.view(.init(search: nil, isFirstPage: true, page: .init(items: [], next: nil), canEdit: false), Self.english).raw
        #expect(!reader.contains("new-product") && !reader.contains("next-page"))
        #expect(reader.contains("colspan=\"8\""))
    }

    @Test("A feature adds a card to the 360 page by registering a panel, without editing the page")
    func registeredPanelAppears() async throws {
        try await withGuanxi { app, _ in
            #expect(app.guanxi.customerPanels.all.map(\.id) == [
                "timeline", "contacts", "orders", "bids", "profile", "open-tasks", "value", "merge", "personal-data",
            ])
            app.guanxi.customerPanels.register([
                CustomerPanel(id: "loyalty-test", column: .side) { input in
                    "<div class=\"card\" id=\"loyalty-test\">points of \(input.customer.name) for \(input.actor.name)</div>"
                },
            ])
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let admin = Browser(app)
            try await admin.signIn()
            let page = try await admin.get("/customers/\(east1)")
            #expect(page.status == .ok)
            let card = try #require(page.html.range(of: "<div class=\"card\" id=\"loyalty-test\">points of "))
            // Side column: after the profile, after every built-in side panel.
            let privacy = try #require(page.html.range(of: "id=\"personal-data\""))
            #expect(privacy.lowerBound < card.lowerBound)
            #expect(page.html.contains("id=\"timeline\"") && page.html.contains("id=\"contacts\"") && page.html.contains("id=\"open-tasks\""))
        }
    }
}
