extension Migration {
    /// Step 18 of ``Schema/migrations``: each person's notification settings (e-mail, how often, quiet hours) and the
    /// e-mail outbox: one row per person and thing to tell (a message, an announcement), never two, sent when due.
    static let notifications = Migration(
        version: 18, name: "notification settings and e-mail outbox",
        statements: [
            """
            CREATE TABLE notification_settings (
                user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                email TEXT,
                email_mode TEXT NOT NULL,
                quiet_from BIGINT,
                quiet_to BIGINT,
                quiet_weekends BIGINT NOT NULL,
                unsubscribe_token TEXT UNIQUE,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE email_outbox (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                user_id TEXT NOT NULL,
                sender_id TEXT,
                kind TEXT NOT NULL,
                ref_id TEXT NOT NULL,
                line TEXT NOT NULL,
                link TEXT NOT NULL,
                due_at BIGINT NOT NULL,
                claimed_at BIGINT,
                sent_at BIGINT,
                attempts BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (user_id, ref_id)
            )
            """,
            "CREATE INDEX email_outbox_due ON email_outbox (sent_at, due_at)",
        ])
}
