extension Migration {
    /// Step 2 of ``Schema/migrations``: device sessions.
    static let deviceSessions = Migration(
        version: 2, name: "device sessions",
        statements: [
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                is_remembered BIGINT NOT NULL,
                device_label TEXT NOT NULL,
                csrf_token TEXT NOT NULL
            )
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
        ])
}
