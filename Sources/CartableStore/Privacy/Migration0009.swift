extension Migration {
    /// Step 9 of ``Schema/migrations``: how long a school keeps a disabled account before purging it.
    ///
    /// `disabled_at` says since when an account is disabled (an account disabled before this step
    /// counts from its last change); `purged_at` marks an account whose person is gone, kept as a
    /// nameless stand-in because another person's record needs it (a teacher's notebook entries).
    static let accountRetention = Migration(
        version: 9, name: "account retention",
        statements: [
            "ALTER TABLE users ADD COLUMN disabled_at BIGINT",
            "UPDATE users SET disabled_at = updated_at WHERE is_disabled = 1",
            "ALTER TABLE users ADD COLUMN purged_at BIGINT",
            """
            CREATE TABLE retention_settings (
                school_id TEXT PRIMARY KEY REFERENCES schools(id),
                disabled_account_days BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                updated_by TEXT REFERENCES users(id)
            )
            """,
        ])
}
