import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Merge form")
struct MergeFormWebTests {
    @Test("A refused merge shows the customer page again with the reason next to the field and merges nothing")
    func refusedMerges() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let west1 = try #require(company.customers["west-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            let page = try await rep.get("/customers/\(east1)")
            #expect(page.html.contains("id=\"merge-form\" data-confirm=\""))

            let cases: [(String, String)] = [
                ("", "Required."), ("abc", "Must be a whole number."), (String(east1), "A customer cannot be merged into itself."),
                ("999999", "No customer with this number that you may merge."), (String(west1), "No customer with this number that you may merge."),
            ]
            for (typed, message) in cases {
                let refused = try await rep.post("/customers/\(east1)/merge", ["duplicate_id": typed])
                #expect(refused.status == .unprocessableEntity, "\(typed)")
                #expect(refused.html.contains("id=\"profile\""), "\(typed): the customer page")
                #expect(refused.html.contains("<p class=\"field-error\" id=\"error-duplicate_id\">\(message)</p>"), "\(typed)")
                #expect(refused.html.contains("name=\"duplicate_id\" type=\"number\" value=\"\(typed)\""), "\(typed)")
            }
            #expect(try await rep.get("/customers/\(east1)").status == .ok)
            #expect(try await company.client("sales3").send(.GET, "/api/v1/customers/\(west1)").status == .ok)
            // Someone else's customer stays missing rather than becoming a form.
            #expect(try await rep.post("/customers/\(west1)/merge", ["duplicate_id": String(east1)]).status == .notFound)
        }
    }
}
