import CartableCore
import Foundation

/// Signed-in devices. Tokens are never stored, only their SHA-256 digests.
public protocol SessionStore: Sendable {
    /// Stores a new session under the digest of its token.
    func createSession(_ session: DeviceSession, tokenDigest: String) async throws
    /// Stores many sessions in one transaction (a benchmark's remembered devices).
    func createSessions(_ sessions: [(session: DeviceSession, tokenDigest: String)]) async throws
    /// The session whose token has this digest, if it exists (expired or not: the caller decides).
    func session(forTokenDigest digest: String) async throws -> DeviceSession?
    /// Records that the session was used, and pushes its expiry.
    func touchSession(_ id: DeviceSession.ID, lastSeenAt: Date, expiresAt: Date) async throws
    /// The sessions of `userID`, most recently used first.
    func sessions(of userID: User.ID) async throws -> [DeviceSession]
    /// Ends one session of `userID`; `false` if there was none with that id for that user.
    func revokeSession(_ id: DeviceSession.ID, of userID: User.ID) async throws -> Bool
    /// Ends every session of `userID` but `kept`; returns how many ended.
    func revokeSessions(of userID: User.ID, except kept: DeviceSession.ID?) async throws -> Int
    /// Deletes sessions that expired before `instant`; returns how many.
    func deleteExpiredSessions(before instant: Date) async throws -> Int
}
