import CartableCore
import CartableStore
import Foundation

/// Signed-in sessions kept in memory for a short while, so that the 9:00 rush costs no database
/// round-trip per request to find who is asking.
///
/// An entry lives `lifetime` seconds (15 by default). On this node, signing out, revoking a device,
/// resetting a password or disabling an account forgets the person's entries at once (through
/// ``InvalidatingSessionStore``); another node sharing the database notices within `lifetime`. A
/// ``BoundedCache`` of at most `capacity` entries (oldest out first); expired entries go as new ones are
/// stored, so memory stays bounded by the people active right now.
public final class SessionCache: Sendable {
    struct Entry: Sendable {
        var session: DeviceSession
        var viewer: Viewer
    }

    private let entries: BoundedCache<String, Entry>
    /// How long an entry is trusted, in seconds.
    public var lifetime: TimeInterval { entries.lifetime ?? 0 }
    /// Most entries kept.
    public var capacity: Int { entries.capacity }

    /// Creates a cache. Its instants are the callers' (the request's, from the application's clock).
    public init(lifetime: TimeInterval = 15, capacity: Int = 200_000) {
        entries = BoundedCache(capacity: lifetime > 0 ? capacity : 0, lifetime: lifetime)
    }

    /// The session and viewer for a token digest, if cached less than `lifetime` ago.
    func lookup(_ digest: String, at now: Date) -> (session: DeviceSession, viewer: Viewer)? {
        entries.value(forKey: digest, at: now).map { ($0.session, $0.viewer) }
    }

    /// Remembers a session found in the database.
    func store(_ digest: String, session: DeviceSession, viewer: Viewer, at now: Date) {
        entries.store(Entry(session: session, viewer: viewer), forKey: digest, at: now)
    }

    /// Forgets every session of `userID` (signed out, revoked, password reset, disabled).
    public func forget(userID: User.ID) {
        entries.removeAll { $1.session.userID == userID }
    }

    /// How many sessions are cached.
    public var count: Int { entries.count }
}

/// The session store, forgetting cached sessions whenever sessions are revoked on this node.
struct InvalidatingSessionStore: SessionStore {
    let base: any SessionStore
    let cache: SessionCache

    func createSessions(_ sessions: [(session: DeviceSession, tokenDigest: String)]) async throws {
        try await base.createSessions(sessions)
    }

    func createSession(_ session: DeviceSession, tokenDigest: String) async throws {
        try await base.createSession(session, tokenDigest: tokenDigest)
    }

    func session(forTokenDigest digest: String) async throws -> DeviceSession? {
        try await base.session(forTokenDigest: digest)
    }

    func touchSession(_ id: DeviceSession.ID, lastSeenAt: Date, expiresAt: Date) async throws {
        try await base.touchSession(id, lastSeenAt: lastSeenAt, expiresAt: expiresAt)
    }

    func sessions(of userID: User.ID) async throws -> [DeviceSession] {
        try await base.sessions(of: userID)
    }

    func revokeSession(_ id: DeviceSession.ID, of userID: User.ID) async throws -> Bool {
        defer { cache.forget(userID: userID) }
        return try await base.revokeSession(id, of: userID)
    }

    func revokeSessions(of userID: User.ID, except kept: DeviceSession.ID?) async throws -> Int {
        defer { cache.forget(userID: userID) }
        return try await base.revokeSessions(of: userID, except: kept)
    }

    func deleteExpiredSessions(before instant: Date) async throws -> Int {
        try await base.deleteExpiredSessions(before: instant)
    }
}
