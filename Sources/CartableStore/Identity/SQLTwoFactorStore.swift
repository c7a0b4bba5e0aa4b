import CartableCore
import Foundation

/// ``TwoFactorStore`` on SQLite or PostgreSQL.
public struct SQLTwoFactorStore: TwoFactorStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func twoFactor(of userID: User.ID) async throws -> TwoFactor? {
        guard let row = try await database.query("SELECT secret, confirmed_at, last_step FROM two_factor WHERE user_id = \(userID)").first
        else { return nil }
        return TwoFactor(
            userID: userID, secret: try row.decode("secret"), confirmedAt: try row.decode("confirmed_at"), lastStep: try row.decode("last_step"))
    }

    public func startSetUp(of user: User, secret: String, at instant: Date) async throws {
        try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO two_factor (user_id, school_id, secret, confirmed_at, last_step, updated_at)
                VALUES (\(user.id), \(user.schoolID), \(secret), NULL, 0, \(instant))
                ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, confirmed_at = NULL, last_step = 0,
                  updated_at = excluded.updated_at
                """)
            try await connection.execute("DELETE FROM recovery_codes WHERE user_id = \(user.id)")
        }
    }

    public func confirm(of userID: User.ID, step: Int64, recoveryCodeDigests: [String], at instant: Date) async throws -> Bool {
        try await database.write { connection in
            let updated = try await connection.query(
                """
                UPDATE two_factor SET confirmed_at = \(instant), last_step = \(step), updated_at = \(instant)
                WHERE user_id = \(userID) AND confirmed_at IS NULL RETURNING school_id
                """)
            guard let row = updated.first else { return false }
            let schoolID: School.ID = try row.decode("school_id")
            try await Self.replaceCodes(of: userID, schoolID: schoolID, digests: recoveryCodeDigests, on: connection)
            return true
        }
    }

    public func turnOff(of userID: User.ID) async throws {
        try await database.write { connection in
            try await connection.execute("DELETE FROM recovery_codes WHERE user_id = \(userID)")
            try await connection.execute("DELETE FROM two_factor WHERE user_id = \(userID)")
        }
    }

    public func accept(step: Int64, of userID: User.ID) async throws -> Bool {
        try await database.write { connection in
            !(try await connection.query(
                """
                UPDATE two_factor SET last_step = \(step)
                WHERE user_id = \(userID) AND confirmed_at IS NOT NULL AND last_step < \(step) RETURNING user_id
                """
            )).isEmpty
        }
    }

    public func useRecoveryCode(digest: String, of userID: User.ID, at instant: Date) async throws -> Bool {
        try await database.write { connection in
            !(try await connection.query(
                """
                UPDATE recovery_codes SET used_at = \(instant)
                WHERE code_hash = \(digest) AND user_id = \(userID) AND used_at IS NULL RETURNING user_id
                """
            )).isEmpty
        }
    }

    public func unusedRecoveryCodes(of userID: User.ID) async throws -> Int {
        try await database.query("SELECT count(*) FROM recovery_codes WHERE user_id = \(userID) AND used_at IS NULL").first?.first() ?? 0
    }

    public func replaceRecoveryCodes(of userID: User.ID, schoolID: School.ID, digests: [String]) async throws {
        try await database.write { connection in try await Self.replaceCodes(of: userID, schoolID: schoolID, digests: digests, on: connection) }
    }

    static func replaceCodes(of userID: User.ID, schoolID: School.ID, digests: [String], on connection: any SQLConnection) async throws {
        try await connection.execute("DELETE FROM recovery_codes WHERE user_id = \(userID)")
        for digest in digests {
            try await connection.execute(
                "INSERT INTO recovery_codes (code_hash, user_id, school_id, used_at) VALUES (\(digest), \(userID), \(schoolID), NULL)")
        }
    }

    public func createChallenge(_ challenge: SignInChallenge, tokenDigest: String) async throws {
        try await database.write { connection in
            // Waiting sign-ins that expired go at the same time: the table holds only the last minutes' ones.
            let now = challenge.expiresAt.addingTimeInterval(-TwoFactorRules.challengeLifetime)
            try await connection.execute("DELETE FROM sign_in_challenges WHERE expires_at < \(now)")
            try await connection.execute(
                """
                INSERT INTO sign_in_challenges (token_hash, user_id, school_id, is_remembered, expires_at)
                VALUES (\(tokenDigest), \(challenge.userID), \(challenge.schoolID), \(challenge.isRemembered), \(challenge.expiresAt))
                """)
        }
    }

    public func challenge(forTokenDigest digest: String) async throws -> SignInChallenge? {
        guard
            let row = try await database.query(
                "SELECT user_id, school_id, is_remembered, expires_at FROM sign_in_challenges WHERE token_hash = \(digest)"
            ).first
        else { return nil }
        return SignInChallenge(
            userID: try row.decode("user_id"), schoolID: try row.decode("school_id"), isRemembered: try row.decode("is_remembered"),
            expiresAt: try row.decode("expires_at"))
    }

    public func deleteChallenge(tokenDigest: String) async throws {
        try await database.write { connection in try await connection.execute("DELETE FROM sign_in_challenges WHERE token_hash = \(tokenDigest)") }
    }

    public func isRequiredForStaff(in schoolID: School.ID) async throws -> Bool {
        try await database.query("SELECT staff_two_factor FROM school_security WHERE school_id = \(schoolID)").first?.first() ?? false
    }

    public func setRequiredForStaff(_ required: Bool, in schoolID: School.ID, at instant: Date) async throws {
        try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO school_security (school_id, staff_two_factor, updated_at) VALUES (\(schoolID), \(required), \(instant))
                ON CONFLICT (school_id) DO UPDATE SET staff_two_factor = excluded.staff_two_factor, updated_at = excluded.updated_at
                """)
        }
    }
}
