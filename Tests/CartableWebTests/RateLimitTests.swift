import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// Floods are refused with 429 and `Retry-After`, per address and per account; failed sign-ins wait longer and longer.
@Suite struct RateLimitTests {
    static func from(_ address: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.9, \(address)"
        return headers
    }

    @Test func oneAddressIsLimitedAndOthersAreNot() async throws {
        try await TestApp.run(configure: {
            $0.trustProxy = true
            $0.addressRate = TokenBuckets.Rule(burst: 5, perSecond: 1)
        }) { (app) async throws in
            for _ in 0..<5 { #expect(try await app.get("/signin", headers: Self.from("10.0.0.1")).status == .ok) }
            let refused = try await app.get("/signin", headers: Self.from("10.0.0.1"))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "1")
            #expect(refused.visibleText.contains("Trop de demandes d'un coup"))
            #expect(try await app.get("/signin", headers: Self.from("10.0.0.2")).status == .ok)
            app.clock.advance(by: 1)
            #expect(try await app.get("/signin", headers: Self.from("10.0.0.1")).status == .ok)
        }
    }

    @Test func oneAccountIsLimitedAndTheAPIGetsJSON() async throws {
        try await TestApp.run(configure: { $0.accountRate = TokenBuckets.Rule(burst: 3, perSecond: 0.5) }) { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            let guardian = try await app.session(for: app.world.guardian)
            for _ in 0..<3 { #expect(try await app.json(.get, "/api/v1/today", as: pupil).status == .ok) }
            let refused = try await app.json(.get, "/api/v1/today", as: pupil)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "2")
            #expect(try refused.decode(APIErrorBody.self).error.code == "too_many_requests")
            #expect(try await app.json(.get, "/api/v1/today", as: guardian).status == .ok)
        }
    }

    @Test func failedSignInsWaitLongerAndLongerAndASuccessClearsThem() async throws {
        try await TestApp.run { (app) async throws in
            for _ in 0..<6 {
                let failed = try await SessionTests.signIn(app, login: "lea.martin", password: "pas-le-bon")
                #expect(failed.status == .unauthorized)
            }
            // The sixth failure starts a one-second wait: even the right password must wait.
            let waiting = try await SessionTests.signIn(app, login: "lea.martin")
            #expect(waiting.status == .tooManyRequests)
            #expect(waiting.visibleText.contains("Trop d'essais pour ce compte"))
            // Another account is not affected.
            #expect(try await SessionTests.signIn(app, login: "paul.durand").status == .seeOther)
            app.clock.advance(by: 1)
            #expect(try await SessionTests.signIn(app, login: "lea.martin").status == .seeOther)
            #expect(try await SessionTests.signIn(app, login: "lea.martin", password: "pas-le-bon").status == .unauthorized)
            #expect(try await SessionTests.signIn(app, login: "lea.martin").status == .seeOther, "a success cleared the delays")
        }
    }

    @Test func anAccountTakesAtMostItsFailuresPerHour() {
        let throttle = SignInThrottle(perHour: 100, freeFailures: 1_000)
        var now = TestClock.mondayMorning
        for _ in 0..<100 {
            #expect(throttle.wait(for: "lea", at: now) == nil)
            throttle.failed("lea", at: now)
            now.addTimeInterval(10)
        }
        let wait = throttle.wait(for: "lea", at: now)
        #expect(wait != nil && wait! > 2_500)
        #expect(throttle.wait(for: "lea", at: now.addingTimeInterval(3_600)) == nil)
    }

    @Test func bucketsRefillAndStayBounded() {
        let buckets = TokenBuckets(rule: .init(burst: 2, perSecond: 1), maximumKeys: 10)
        let now = TestClock.mondayMorning
        #expect(buckets.take("a", at: now) == nil)
        #expect(buckets.take("a", at: now) == nil)
        #expect(buckets.take("a", at: now) == 1)
        #expect(buckets.take("a", at: now.addingTimeInterval(1)) == nil)
        for index in 0..<100 { _ = buckets.take("k\(index)", at: now.addingTimeInterval(100)) }
        #expect(buckets.count <= 10)
    }
}

/// `/metrics` tells the operator what the node does.
@Suite struct MetricsTests {
    @Test func metricsCountRequestsCacheHitsAndRefusals() async throws {
        try await TestApp.run(configure: { $0.accountRate = TokenBuckets.Rule(burst: 2, perSecond: 0.1) }) { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            for _ in 0..<3 { _ = try await app.get("/today", as: pupil) }
            let metrics = try await app.get("/metrics")
            #expect(metrics.status == .ok)
            let text = metrics.text
            #expect(text.contains(#"cartable_session_cache_total{result="hit"}"#))
            #expect(text.contains(#"cartable_refused_total{reason="account_rate"}"#))
            #expect(text.contains("http_server_request_duration_seconds_bucket") || text.contains("_bucket{"))
            #expect(text.contains(#"http_response_status_code="429""#) || text.contains("429"))
            #expect(try await app.get("/metrics", headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.7"]).status == .notFound)
        }
    }
}
