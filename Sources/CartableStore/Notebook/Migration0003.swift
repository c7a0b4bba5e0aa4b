extension Migration {
    /// Step 3 of ``Schema/migrations``: homework notebook.
    static let homeworkNotebook = Migration(
        version: 3, name: "homework notebook",
        statements: [
            """
            CREATE TABLE notebook_entries (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
                teacher_id TEXT NOT NULL REFERENCES users(id),
                subject TEXT NOT NULL,
                session_date TEXT NOT NULL,
                done TEXT NOT NULL,
                work TEXT NOT NULL,
                due_date TEXT,
                estimated_minutes BIGINT,
                links TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX notebook_entries_class_session ON notebook_entries (class_id, session_date)",
            "CREATE INDEX notebook_entries_class_due ON notebook_entries (class_id, due_date)",
        ])
}
