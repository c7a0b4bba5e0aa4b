import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// Sessions are served from memory for a few seconds; revocations on this node are immediate, and
/// those made elsewhere (another node, straight in the database) within the cache's lifetime.
@Suite struct SessionCacheTests {
    @Test func aCachedSessionNeedsNoDatabaseAndExpiresFromTheCacheByItself() async throws {
        try await TestApp.run { (app) async throws in
            let pupil = try await app.session(for: app.world.pupil)
            #expect(try await app.get("/today", as: pupil).status == .ok)
            #expect(app.services.sessionCache.count == 1)
            // Another node revokes the session: straight in the database, so this node's cache does not know.
            try await app.services.storage.database.write { connection in
                try await connection.execute("DELETE FROM sessions")
            }
            #expect(try await app.get("/today", as: pupil).status == .ok, "served from the cache, without the database")
            app.clock.advance(by: app.services.sessionCache.lifetime + 1)
            let after = try await app.get("/today", as: pupil)
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/signin") == true)
        }
    }

    @Test func revokingOnThisNodeIsImmediateDespiteTheCache() async throws {
        try await TestApp.run { (app) async throws in
            let phone = try await app.session(for: app.world.pupil)
            let laptop = try await app.session(for: app.world.pupil)
            #expect(try await app.get("/today", as: phone).status == .ok)
            #expect(try await app.get("/today", as: laptop).status == .ok)
            #expect(try await app.post("/account/devices/revoke-others", form: [], as: laptop).status == .seeOther)
            #expect(try await app.get("/today", as: phone).status == .seeOther)
            #expect(try await app.get("/today", as: laptop).status == .ok)
            // A password reset by staff signs the pupil out everywhere at once.
            let staff = try await app.session(for: app.world.staff)
            let reset = try await app.post("/admin/accounts/\(app.world.pupil.id)/password", form: [("password", "nouveau-mdp-42")], as: staff)
            #expect(reset.status == .seeOther)
            #expect(try await app.get("/today", as: laptop).status == .seeOther)
        }
    }

    @Test func theCacheStaysWithinItsCapacity() {
        let cache = SessionCache(lifetime: 60, capacity: 100)
        let world = World(passwordHash: "x")
        let viewer = Viewer(user: world.pupil, school: world.school)
        let now = TestClock.mondayMorning
        for index in 0..<1_000 {
            let session = DeviceSession(
                id: .make(using: RandomIdentifierGenerator()), userID: world.pupil.id, schoolID: world.school.id, createdAt: now, lastSeenAt: now,
                expiresAt: now.addingTimeInterval(3_600), isRemembered: true, deviceLabel: "x", csrfToken: "t")
            cache.store("digest-\(index)", session: session, viewer: viewer, at: now.addingTimeInterval(Double(index)))
        }
        #expect(cache.count <= 100)
        #expect(cache.lookup("digest-999", at: now.addingTimeInterval(1_000)) != nil)
        cache.forget(userID: world.pupil.id)
        #expect(cache.count == 0)
    }

    @Test func expiredEntriesAreSweptOutEvenIfNobodyAsksForThemAgain() {
        let cache = SessionCache(lifetime: 15, capacity: 100_000)
        let world = World(passwordHash: "x")
        let viewer = Viewer(user: world.pupil, school: world.school)
        let now = TestClock.mondayMorning
        func session() -> DeviceSession {
            DeviceSession(
                id: .make(using: RandomIdentifierGenerator()), userID: world.pupil.id, schoolID: world.school.id, createdAt: now, lastSeenAt: now,
                expiresAt: now.addingTimeInterval(3_600), isRemembered: true, deviceLabel: "x", csrfToken: "t")
        }
        // A thousand people come at 9:00 and leave.
        for index in 0..<1_000 { cache.store("morning-\(index)", session: session(), viewer: viewer, at: now) }
        #expect(cache.count == 1_000)
        // Twenty seconds later, one more person: the thousand expired entries go.
        cache.store("later", session: session(), viewer: viewer, at: now.addingTimeInterval(20))
        #expect(cache.count == 1)
    }
}
