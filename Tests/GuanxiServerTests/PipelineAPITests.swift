import Foundation
import Testing
import Vapor
@testable import GuanxiServer

@Suite("Pipeline API: opportunities, stage history, board and forecast")
struct PipelineAPITests {
    @Test("the shipped stages, a lost stage that needs its reason, and the history of every move")
    func stagesAndHistory() async throws {
        try await withGuanxi { app, clock in
            let company = try await TestCompany.make(app)
            let rep = company.client("sales1")
            let stages = try await rep.send(.GET, "/api/v1/pipeline-stages").items
            #expect(stages.map { $0["name_zh"] as? String ?? "" } == ["初步接触", "需求确认", "方案报价", "商务谈判", "赢单", "输单"])
            #expect(stages.map { $0["probability"] as? Int ?? -1 } == [10, 30, 50, 70, 100, 0])
            let id = { (name: String) in stages.first { $0["name_zh"] as? String == name }?["id"] as? Int ?? 0 }
            let created = try await rep.send(.POST, "/api/v1/opportunities", json: [
                "customer_id": company.customers["east-1"]!, "title": "年度框架协议", "amount": 80_000, "expected_close_date": "2026-11-15",
                "competitors": "华为, 中兴",
            ])
            #expect(created.status == .created)
            let opportunity = try #require(created.object)
            #expect(opportunity["stage_id"] as? Int == id("初步接触") && fen(opportunity["weighted_amount"]) == 800_000)
            #expect(opportunity["owner_id"] as? Int == company.userIDs["sales1"])
            let oid = try #require(opportunity["id"] as? Int)
            clock.advance(86_400 * 3)
            let moved = try await rep.send(.PATCH, "/api/v1/opportunities/\(oid)", json: ["version": 1, "stage_id": id("商务谈判")])
            #expect(moved.status == .ok && fen(moved.object?["weighted_amount"]) == 5_600_000)
            let lost = try await rep.send(.PATCH, "/api/v1/opportunities/\(oid)", json: ["version": 2, "stage_id": id("输单")])
            #expect(lost.status == .unprocessableEntity && lost.errorFields.keys.contains("lost_reason"))
            let closed = try await rep.send(.PATCH, "/api/v1/opportunities/\(oid)", json: ["version": 2, "stage_id": id("输单"), "lost_reason": "价格高于竞争对手"])
            #expect(closed.status == .ok && closed.object?["is_open"] as? Bool == false && closed.object?["closed_at"] is String)
            let history = try await rep.send(.GET, "/api/v1/opportunities/\(oid)/history").items
            #expect(history.map { $0["to_stage_id"] as? Int ?? 0 } == [id("初步接触"), id("商务谈判"), id("输单")])
            #expect(history.first?["from_stage_id"] is NSNull)
            let admin = company.admin
            #expect(try await admin.send(.DELETE, "/api/v1/pipeline-stages/\(id("输单"))").errorCode == "stage_in_use")
            #expect(try await rep.send(.POST, "/api/v1/pipeline-stages", json: ["name_en": "x", "name_zh": "x", "position": 9, "probability": 5]).status == .forbidden)
            let bad = try await admin.send(.POST, "/api/v1/pipeline-stages", json: ["name_en": "", "name_zh": "x", "position": 0, "probability": 101, "is_won": true, "is_lost": true])
            #expect(Set(bad.errorFields.keys) == ["name_en", "position", "probability", "is_lost"])
        }
    }

    @Test("the board sums each open stage (count, amount, amount × probability) over what the viewer may see; the forecast by month")
    func boardAndForecast() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let stages = try await company.admin.send(.GET, "/api/v1/pipeline-stages").items
            let id = { (name: String) in stages.first { $0["name_zh"] as? String == name }?["id"] as? Int ?? 0 }
            let plan: [(String, String, Double, String, String)] = [
                ("sales1", "east-1", 10_000, "需求确认", "2026-10-10"), ("sales1", "east-1", 20_000, "需求确认", "2026-11-10"),
                ("sales2", "east-2", 5_000, "商务谈判", "2026-10-20"), ("sales3", "west-1", 40_000, "需求确认", "2026-10-05"),
                ("sales1", "east-1", 7_000, "赢单", "2026-09-30"),
            ]
            for (rep, customer, amount, stage, close) in plan {
                let created = try await company.client(rep).send(.POST, "/api/v1/opportunities", json: [
                    "customer_id": company.customers[customer]!, "title": "商机 \(amount)", "amount": amount, "stage_id": id(stage),
                    "expected_close_date": close,
                ])
                #expect(created.status == .created)
            }
            let board = try #require(try await company.client("manager1").send(.GET, "/api/v1/pipeline").object)
            let columns = try #require(board["stages"] as? [[String: Any]])
            #expect(columns.map { $0["name_zh"] as? String ?? "" } == ["初步接触", "需求确认", "方案报价", "商务谈判"])
            let confirmed = try #require(columns.first { $0["name_zh"] as? String == "需求确认" })
            // The east team sees its own two (not west's ¥40,000): ¥30,000 at 30 %.
            #expect(confirmed["count"] as? Int == 2 && fen(confirmed["amount"]) == 3_000_000 && fen(confirmed["weighted_amount"]) == 900_000)
            #expect(board["count"] as? Int == 3 && fen(board["weighted_amount"]) == 900_000 + 350_000)
            let forecast = try #require(try await company.admin.send(.GET, "/api/v1/forecast?from=2026-10-01&to=2026-11-30").object)
            let months = try #require(forecast["months"] as? [[String: Any]])
            #expect(months.map { $0["month"] as? String ?? "" } == ["2026-10", "2026-11"])
            #expect(fen(months[0]["amount"]) == 5_500_000 && fen(months[0]["weighted_amount"]) == 300_000 + 350_000 + 1_200_000)
            #expect(fen(months[1]["amount"]) == 2_000_000)
            let won = try #require(try await company.admin.send(.GET, "/api/v1/forecast?from=2026-09-01&to=2026-09-30").object)
            #expect(won["won"] as? Int == 1 && fen(won["win_rate"]) == 10_000)
            #expect(try await company.admin.send(.GET, "/api/v1/forecast?from=2026-10-01&to=2026-09-01").status == .badRequest)
        }
    }
}
