extension Migration {
    /// Step 13 of ``Schema/migrations``: families' justifications of absences, and staff's decisions.
    ///
    /// A justification covers the days `from_date`…`to_date` of one pupil (every absence of those days); its proof is
    /// a blob of the file store, named by its digest like documents. Who sent or decided it is an id without a foreign
    /// key, so that a guardian's purge does not erase the pupil's record; the pupil's own purge removes it.
    static let justifications = Migration(
        version: 13, name: "justifications",
        statements: [
            """
            CREATE TABLE justifications (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                pupil_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                from_date TEXT NOT NULL,
                to_date TEXT NOT NULL,
                reason_id TEXT NOT NULL REFERENCES absence_reasons(id),
                comment TEXT NOT NULL,
                proof_key TEXT,
                proof_name TEXT,
                proof_kind TEXT,
                proof_size BIGINT,
                state TEXT NOT NULL,
                submitted_by TEXT NOT NULL,
                submitted_at BIGINT NOT NULL,
                decided_by TEXT,
                decided_at BIGINT,
                decision_note TEXT NOT NULL
            )
            """,
            "CREATE INDEX justifications_pupil ON justifications (pupil_id, from_date)",
            "CREATE INDEX justifications_school_state ON justifications (school_id, state, submitted_at)",
        ])
}
