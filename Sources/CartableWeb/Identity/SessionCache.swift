import CartableCore
import CartableStore
import Foundation
import Synchronization

/// Signed-in sessions kept in memory for a short while, so that the 9:00 rush costs no database
/// round-trip per request to find who is asking.
///
/// An entry lives `lifetime` seconds (15 by default). On this node, signing out, revoking a device,
/// resetting a password or disabling an account forgets the person's entries at once (through
/// ``InvalidatingSessionStore``); another node sharing the database notices within `lifetime`. The
/// cache holds at most `capacity` entries (past that it drops the oldest half) and sweeps out expired
/// ones every `lifetime`, so memory stays bounded by the people active right now.
public final class SessionCache: Sendable {
    struct Entry {
        var session: DeviceSession
        var viewer: Viewer
        var cachedAt: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// When expired entries were last swept out (every `lifetime`, on a store).
    private let lastSweep = Mutex<Date>(.distantPast)
    /// How long an entry is trusted, in seconds.
    public let lifetime: TimeInterval
    /// Most entries kept.
    public let capacity: Int

    /// Creates a cache.
    public init(lifetime: TimeInterval = 15, capacity: Int = 200_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The session and viewer for a token digest, if cached less than `lifetime` ago.
    func lookup(_ digest: String, at now: Date) -> (session: DeviceSession, viewer: Viewer)? {
        guard lifetime > 0 else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[digest] else { return nil }
            guard now.timeIntervalSince(entry.cachedAt) < lifetime, now >= entry.cachedAt else {
                entries[digest] = nil
                return nil
            }
            return (entry.session, entry.viewer)
        }
    }

    /// Remembers a session found in the database.
    func store(_ digest: String, session: DeviceSession, viewer: Viewer, at now: Date) {
        guard lifetime > 0 else { return }
        let sweep = lastSweep.withLock { last in
            guard now.timeIntervalSince(last) >= lifetime else { return false }
            last = now
            return true
        }
        entries.withLock { entries in
            // Entries nobody asked for again are dropped once they expire: memory follows the
            // people active in the last `lifetime` seconds, not everyone seen since the start.
            if sweep { entries = entries.filter { now.timeIntervalSince($0.value.cachedAt) < lifetime } }
            if entries.count >= capacity {
                let cutoff = entries.values.map(\.cachedAt).sorted()[entries.count / 2]
                entries = entries.filter { $0.value.cachedAt > cutoff }
            }
            entries[digest] = Entry(session: session, viewer: viewer, cachedAt: now)
        }
    }

    /// Forgets every session of `userID` (signed out, revoked, password reset, disabled).
    public func forget(userID: User.ID) {
        entries.withLock { entries in entries = entries.filter { $0.value.session.userID != userID } }
    }

    /// How many sessions are cached.
    public var count: Int { entries.withLock { $0.count } }
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
