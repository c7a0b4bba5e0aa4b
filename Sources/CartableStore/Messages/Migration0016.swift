extension Migration {
    /// Step 16 of ``Schema/migrations``: messages between people, the school's messaging rules and switch, reports
    /// and suspensions; and when each person first signed in (a sender is told who never did).
    ///
    /// A thread's messages each have their recipients (`message_recipients`, with the read state); `message_boxes`
    /// holds one row per person and thread they are in, with the time of the last message they see there and when
    /// they deleted it for themselves (it comes back when a newer message arrives). Authors and recipients are ids
    /// without a foreign key, like justifications' senders: the account purge removes a person's own rows. A subject
    /// and a body are kept a second time folded (``TextRules/folded(_:)``) for search: SQL's `lower()` leaves
    /// accented capitals as they are on SQLite (and on a PostgreSQL without a locale).
    static let messages = Migration(
        version: 16, name: "messages",
        statements: [
            """
            CREATE TABLE message_threads (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                subject TEXT NOT NULL,
                started_by TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                no_reply BIGINT NOT NULL,
                search_text TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                thread_id TEXT NOT NULL REFERENCES message_threads(id) ON DELETE CASCADE,
                author_id TEXT NOT NULL,
                body TEXT NOT NULL,
                sent_at BIGINT NOT NULL,
                recalled_at BIGINT,
                search_text TEXT NOT NULL,
                attachment_key TEXT,
                attachment_name TEXT,
                attachment_kind TEXT,
                attachment_size BIGINT
            )
            """,
            "CREATE INDEX messages_thread ON messages (thread_id, sent_at)",
            "CREATE INDEX messages_author ON messages (author_id, sent_at)",
            """
            CREATE TABLE message_recipients (
                message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                thread_id TEXT NOT NULL,
                recipient_id TEXT NOT NULL,
                read_at BIGINT,
                PRIMARY KEY (message_id, recipient_id)
            )
            """,
            "CREATE INDEX message_recipients_unread ON message_recipients (recipient_id, read_at)",
            "CREATE INDEX message_recipients_thread ON message_recipients (recipient_id, thread_id)",
            """
            CREATE TABLE message_boxes (
                user_id TEXT NOT NULL,
                thread_id TEXT NOT NULL REFERENCES message_threads(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                last_at BIGINT NOT NULL,
                hidden_at BIGINT,
                PRIMARY KEY (user_id, thread_id)
            )
            """,
            "CREATE INDEX message_boxes_user ON message_boxes (user_id, last_at)",
            """
            CREATE TABLE messaging_rules (
                school_id TEXT PRIMARY KEY REFERENCES schools(id),
                pupils_write_pupils BIGINT NOT NULL,
                staff_only BIGINT NOT NULL,
                updated_by TEXT,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE messaging_switch_log (
                id TEXT PRIMARY KEY,
                school_id TEXT REFERENCES schools(id),
                staff_only BIGINT NOT NULL,
                changed_by TEXT,
                changed_at BIGINT NOT NULL,
                note TEXT NOT NULL
            )
            """,
            "CREATE INDEX messaging_switch_log_school ON messaging_switch_log (school_id, changed_at)",
            """
            CREATE TABLE messaging_suspensions (
                user_id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                suspended_by TEXT NOT NULL,
                suspended_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE message_reports (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                reporter_id TEXT NOT NULL,
                reported_at BIGINT NOT NULL,
                note TEXT NOT NULL
            )
            """,
            "CREATE INDEX message_reports_school ON message_reports (school_id, reported_at)",
            "ALTER TABLE users ADD COLUMN signed_in_at BIGINT",
            "UPDATE users SET signed_in_at = (SELECT MIN(s.created_at) FROM sessions s WHERE s.user_id = users.id)",
        ])
}
