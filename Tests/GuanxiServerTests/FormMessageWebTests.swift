import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Form messages")
struct FormMessageWebTests {
    @Test("A custom-field line without = asks for name = value; a negative duration names the range; a far-future date says how far")
    func messagesSayWhatIsWrong() async throws {
        try await withGuanxi { app, clock in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)

            let customer = try await rep.post("/customers", ["name": "字段测试公司", "custom_fields": "规模 = 大\n备注"])
            #expect(customer.status == .unprocessableEntity)
            #expect(customer.html.contains("<p class=\"field-error\" id=\"error-custom_fields\">Each line needs a name and a value: name = value.</p>"))

            let negative = try await rep.post("/customers/\(east1)/interactions", ["channel": "phone", "direction": "outbound",
                                                                                  "subject": "电话", "duration_minutes": "-5"])
            #expect(negative.status == .unprocessableEntity)
            #expect(negative.html.contains("<p class=\"field-error\" id=\"error-duration_minutes\">Must be from 0 to 1440.</p>"))
            let tooLong = try await rep.post("/customers/\(east1)/interactions", ["channel": "phone", "direction": "outbound",
                                                                                 "subject": "电话", "duration_minutes": "99999999999999999"])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.html.contains("id=\"error-duration_minutes\">Must be from 0 to 1440.</p>"))

            let farAhead = WebFormat(timeZone: TimeZone(identifier: "Asia/Shanghai")!).inputDateTime(clock.now().addingTimeInterval(5 * 365 * 86_400))
            let future = try await rep.post("/customers/\(east1)/interactions", ["channel": "phone", "direction": "outbound",
                                                                                "subject": "电话", "occurred_at": farAhead])
            #expect(future.status == .unprocessableEntity)
            #expect(future.html.contains("<p class=\"field-error\" id=\"error-occurred_at\">Must be no more than 366 days from now.</p>"))
            // Nothing was written.
            #expect(try await company.client("sales1").send(.GET, "/api/v1/customers/\(east1)/interactions").items.isEmpty)
        }
    }
}
