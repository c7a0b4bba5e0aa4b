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
        try await TestApp.run(setup: .live, configure: {
            $0.trustedProxies = .loopback
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

    /// From a peer that is not a trusted proxy, `X-Forwarded-For` is the client's own words: a new
    /// forged address on every request still draws on the peer's one bucket.
    @Test func aForgedForwardedAddressFromElsewhereChangesNothing() async throws {
        try await TestApp.run(setup: .live, configure: {
            $0.trustedProxies = try! TrustedProxies(parsing: ["127.0.0.2"])
            $0.addressRate = TokenBuckets.Rule(burst: 5, perSecond: 1)
        }) { (app) async throws in
            for index in 0..<5 { #expect(try await app.get("/signin", headers: Self.from("10.0.1.\(index)")).status == .ok) }
            #expect(try await app.get("/signin", headers: Self.from("10.0.2.1")).status == .tooManyRequests)
        }
    }

    @Test func theClientAddressIsTheNearestHopThatIsNotATrustedProxy() throws {
        let proxies = try TrustedProxies(parsing: ["127.0.0.1", "10.0.0.0/8", "::1"])
        #expect(proxies.trusts(address: "10.200.3.4"))
        #expect(proxies.trusts(address: "::ffff:127.0.0.1"))
        #expect(!proxies.trusts(address: "11.0.0.1"))
        #expect(!proxies.trusts(address: "::2"))
        #expect(!proxies.trusts(address: "pas une adresse"))
        #expect(throws: TrustedProxies.InvalidAddress.self) { try TrustedProxies(parsing: ["10.0.0.0/33"]) }
        #expect(throws: TrustedProxies.InvalidAddress.self) { try TrustedProxies(parsing: ["example.org"]) }
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

    /// Guesses sent together are counted before their hashes start: however many arrive at once and
    /// however many cores hash them, only the free tries and the first delayed one reach a hash.
    @Test func simultaneousWrongPasswordsAreCountedBeforeTheHash() async throws {
        try await TestApp.run { (app) async throws in
            let authenticator = Authenticator(services: app.services, decoyHash: TestApp.passwordHash)
            let free = app.services.signInThrottle.freeFailures
            func burst(_ count: Int) async -> (refused: Int, throttled: Int) {
                await withTaskGroup(of: Int.self) { group in
                    for _ in 0..<count {
                        group.addTask {
                            do {
                                _ = try await authenticator.signIn(login: "lea.martin", password: "pas-le-bon", remember: false, userAgent: nil)
                                return 2
                            } catch is SignInRefused {
                                return 0
                            } catch {
                                return error is TooManyRequests ? 1 : 3
                            }
                        }
                    }
                    var outcome = (refused: 0, throttled: 0)
                    for await result in group {
                        if result == 0 { outcome.refused += 1 } else if result == 1 { outcome.throttled += 1 }
                    }
                    return outcome
                }
            }
            let first = await burst(32)
            #expect(first.refused == free + 1, "tries whose password was checked: \(first.refused)")
            #expect(first.throttled == 32 - free - 1)
            app.clock.advance(by: 1)
            let second = await burst(16)
            #expect(second.refused == 1, "after the first delay, one more try: \(second.refused)")
            #expect(second.throttled == 15)
            // The owner, once the delay is over, signs in; that clears the account.
            app.clock.advance(by: 2)
            _ = try await authenticator.signIn(login: "lea.martin", password: World.password, remember: false, userAgent: nil)
            #expect(app.services.signInThrottle.wait(for: "lea.martin", at: app.clock.now()) == nil)
        }
    }

    @Test func aReservedTryGivenBackLeavesNoTrace() {
        let throttle = SignInThrottle(perHour: 100, freeFailures: 1)
        let now = TestClock.mondayMorning
        for _ in 0..<3 {
            guard case .success(let reservation) = throttle.reserve("lea", at: now) else {
                Issue.record("a given-back try must not count")
                return
            }
            throttle.cancel(reservation)
        }
        #expect(throttle.wait(for: "lea", at: now) == nil)
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
