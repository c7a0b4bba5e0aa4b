import CartableCore
import Foundation

/// Each school's own live-class servers (one row per school, or none: the platform's then).
public protocol VideoSettingsStore: Sendable {
    /// The school's settings, if its staff set any.
    func settings(of schoolID: School.ID) async throws -> SchoolVideoSettings?
    /// Saves the school's settings (all of them at once: what is `nil` is removed).
    func setSettings(_ settings: SchoolVideoSettings) async throws
    /// Removes the school's own settings (back to the platform's); whether it had any.
    @discardableResult
    func removeSettings(of schoolID: School.ID) async throws -> Bool
}

/// ``VideoSettingsStore`` on SQLite or PostgreSQL.
public struct SQLVideoSettingsStore: VideoSettingsStore {
    let database: any SQLDatabase

    /// Creates the store.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func settings(of schoolID: School.ID) async throws -> SchoolVideoSettings? {
        try await database.query(
            """
            SELECT bbb_url, bbb_secret, bbb_checksum, jitsi_domain, jitsi_app_id, jitsi_secret, updated_at
            FROM school_video_settings WHERE school_id = \(schoolID)
            """
        ).first.map { row in
            SchoolVideoSettings(
                schoolID: schoolID, bigBlueButtonURL: try row.decode("bbb_url"), bigBlueButtonSecret: try row.decode("bbb_secret"),
                bigBlueButtonChecksum: try row.decode("bbb_checksum"), jitsiDomain: try row.decode("jitsi_domain"),
                jitsiAppID: try row.decode("jitsi_app_id"), jitsiSecret: try row.decode("jitsi_secret"), updatedAt: try row.decode("updated_at"))
        }
    }

    public func setSettings(_ s: SchoolVideoSettings) async throws {
        _ = try await database.writeStatement(
            """
            INSERT INTO school_video_settings (school_id, bbb_url, bbb_secret, bbb_checksum, jitsi_domain, jitsi_app_id, jitsi_secret, updated_at)
            VALUES (\(s.schoolID), \(s.bigBlueButtonURL), \(s.bigBlueButtonSecret), \(s.bigBlueButtonChecksum), \(s.jitsiDomain), \(s.jitsiAppID),
                \(s.jitsiSecret), \(s.updatedAt))
            ON CONFLICT (school_id) DO UPDATE SET bbb_url = excluded.bbb_url, bbb_secret = excluded.bbb_secret,
                bbb_checksum = excluded.bbb_checksum, jitsi_domain = excluded.jitsi_domain, jitsi_app_id = excluded.jitsi_app_id,
                jitsi_secret = excluded.jitsi_secret, updated_at = excluded.updated_at
            """)
    }

    public func removeSettings(of schoolID: School.ID) async throws -> Bool {
        !(try await database.writeStatement("DELETE FROM school_video_settings WHERE school_id = \(schoolID) RETURNING school_id")).isEmpty
    }
}
