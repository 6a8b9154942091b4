import Foundation
import GuanxiCore
import Testing
import Vapor
@testable import GuanxiServer

@Suite("Login throttling")
struct LoginThrottleTests {
    @Test("After 5 failures in a minute the account refuses even the right password, then unlocks")
    func lockout() async throws {
        try await withGuanxi { app, clock in
            let anonymous = APIClient(app)
            for _ in 1...5 {
                let wrong = try await anonymous.send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": "wrong-password"])
                #expect(wrong.status == .unauthorized)
                clock.advance(5)
            }
            let locked = try await anonymous.send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": adminPassword])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.errorCode == "too_many_requests")
            let retryAfter = try #require(locked.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(retryAfter > 0 && retryAfter <= 300)
            clock.advance(TimeInterval(retryAfter + 1))
            #expect(try await anonymous.send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": adminPassword]).status == .created)
        }
    }

    @Test("Failures spread over more than a minute do not lock")
    func slowFailures() async throws {
        try await withGuanxi { app, clock in
            let anonymous = APIClient(app)
            for _ in 1...6 {
                let refused = try await anonymous.send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": "nope-nope-nope"])
                #expect(refused.status == .unauthorized)
                clock.advance(20)
            }
            let accepted = try await anonymous.send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": adminPassword])
            #expect(accepted.status == .created)
        }
    }

    @Test("The throttle rule itself", arguments: [
        ([0.0, 10, 20, 30, 40], 41.0, true),
        ([0.0, 10, 20, 30, 40], 341.0, false),
        ([0.0, 20, 40, 60, 80], 81.0, false),
        ([0.0, 10, 20, 30], 31.0, false),
    ])
    func rule(offsets: [Double], now: Double, locked: Bool) {
        let start = Date(timeIntervalSince1970: 0)
        let until = LoginThrottle().lockedUntil(failures: offsets.map { start.addingTimeInterval($0) }, now: start.addingTimeInterval(now))
        #expect((until != nil) == locked)
    }
}
