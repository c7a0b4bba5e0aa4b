extension Migration {
    /// Step 7 of ``Schema/migrations``: the security log.
    static let securityLog = Migration(
        version: 7, name: "security log",
        statements: [
            """
            CREATE TABLE security_events (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                at BIGINT NOT NULL,
                kind TEXT NOT NULL,
                actor_id TEXT,
                subject_id TEXT,
                address TEXT,
                device TEXT
            )
            """,
            "CREATE INDEX security_events_school ON security_events (school_id, at)",
            "CREATE INDEX security_events_at ON security_events (at)",
        ])
}
