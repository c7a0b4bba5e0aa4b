extension Migration {
    /// Step 4 of ``Schema/migrations``: assignments, submissions and documents.
    static let assignmentsSubmissionsAndDocuments = Migration(
        version: 4, name: "assignments, submissions and documents",
        statements: [
            """
            CREATE TABLE assignments (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                entry_id TEXT NOT NULL UNIQUE REFERENCES notebook_entries(id),
                class_id TEXT NOT NULL REFERENCES classes(id),
                teacher_id TEXT NOT NULL REFERENCES users(id),
                instructions TEXT NOT NULL,
                due_date TEXT NOT NULL,
                due_minutes BIGINT NOT NULL,
                due_at BIGINT NOT NULL,
                answer_kinds TEXT NOT NULL,
                allows_late BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX assignments_class_due ON assignments (class_id, due_date)",
            """
            CREATE TABLE submissions (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                assignment_id TEXT NOT NULL REFERENCES assignments(id),
                pupil_id TEXT NOT NULL REFERENCES users(id),
                text TEXT NOT NULL,
                revision BIGINT NOT NULL,
                saved_at BIGINT NOT NULL,
                hand_in_id TEXT,
                handed_in_at BIGINT,
                is_late BIGINT NOT NULL,
                feedback TEXT NOT NULL,
                mark TEXT,
                returned_at BIGINT,
                UNIQUE (assignment_id, pupil_id)
            )
            """,
            "CREATE INDEX submissions_pupil ON submissions (pupil_id)",
            """
            CREATE TABLE submission_files (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                submission_id TEXT NOT NULL REFERENCES submissions(id),
                blob_key TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                size BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX submission_files_submission ON submission_files (submission_id)",
            """
            CREATE TABLE documents (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
                entry_id TEXT REFERENCES notebook_entries(id) ON DELETE SET NULL,
                folder TEXT NOT NULL,
                blob_key TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                size BIGINT NOT NULL,
                uploaded_by TEXT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX documents_class ON documents (class_id, folder)",
            "CREATE INDEX documents_entry ON documents (entry_id)",
        ])
}
