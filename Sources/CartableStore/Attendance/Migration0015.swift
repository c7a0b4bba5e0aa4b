extension Migration {
    /// Step 15 of ``Schema/migrations``: what nodes measured that failed people (proposed to staff as incident
    /// windows), staff's decision on each proposal, and signed-in people's attempts (evidence for attendance).
    ///
    /// A signal with no `school_id` concerns every school the node serves (the waiting room, the database); a
    /// video server's concerns its school. Attempts are kept per minute and kind, the first of each.
    static let nodeSignals = Migration(
        version: 15, name: "node signals and attempts",
        statements: [
            """
            CREATE TABLE node_signals (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                server TEXT NOT NULL,
                school_id TEXT REFERENCES schools(id),
                started_at BIGINT NOT NULL,
                ended_at BIGINT NOT NULL,
                requests BIGINT NOT NULL,
                people BIGINT NOT NULL
            )
            """,
            "CREATE INDEX node_signals_end ON node_signals (ended_at)",
            """
            CREATE TABLE signal_decisions (
                signal_id TEXT NOT NULL REFERENCES node_signals(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                decision TEXT NOT NULL,
                window_id TEXT,
                decided_by TEXT NOT NULL,
                decided_at BIGINT NOT NULL,
                PRIMARY KEY (signal_id, school_id)
            )
            """,
            """
            CREATE TABLE presence_attempts (
                school_id TEXT NOT NULL REFERENCES schools(id),
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                at BIGINT NOT NULL,
                kind TEXT NOT NULL,
                PRIMARY KEY (user_id, at, kind)
            )
            """,
            "CREATE INDEX presence_attempts_school_at ON presence_attempts (school_id, at)",
        ])
}
