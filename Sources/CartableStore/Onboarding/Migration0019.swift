extension Migration {
    /// Step 19 of ``Schema/migrations``: a real school's onboarding.
    ///
    /// People and classes keep the key their school's exports give them (`external_id`: `ELEVE_ID`, `PERSONNE_ID`, the
    /// CSV's `Id`; `code` for a division or group), so that re-importing the same files changes nothing. A person who
    /// leaves is disabled (`left_at`), never deleted. Imported accounts have an empty password hash until they are
    /// activated with a one-time code (`activation_codes`, the code kept only as a hash) after accepting the school's
    /// charter. Every import is kept (`imports`) and every change to a school's structure is in `audit_log`.
    static let onboarding = Migration(
        version: 19, name: "imports, activation codes, charter and audit log",
        statements: [
            "ALTER TABLE users ADD COLUMN external_id TEXT",
            "ALTER TABLE users ADD COLUMN birth_date TEXT",
            "ALTER TABLE users ADD COLUMN left_at BIGINT",
            "ALTER TABLE users ADD COLUMN charter_accepted_at BIGINT",
            "CREATE UNIQUE INDEX users_external ON users (school_id, role, external_id) WHERE external_id IS NOT NULL",
            "ALTER TABLE classes ADD COLUMN code TEXT",
            "ALTER TABLE classes ADD COLUMN closed_at BIGINT",
            "CREATE UNIQUE INDEX classes_code ON classes (school_id, code) WHERE code IS NOT NULL",
            """
            CREATE TABLE activation_codes (
                user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                code_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                issued_by TEXT
            )
            """,
            "CREATE INDEX activation_codes_school ON activation_codes (school_id)",
            """
            CREATE TABLE school_charters (
                school_id TEXT PRIMARY KEY REFERENCES schools(id),
                body TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                updated_by TEXT
            )
            """,
            """
            CREATE TABLE imports (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                author_id TEXT,
                created_at BIGINT NOT NULL,
                files TEXT NOT NULL,
                school_year TEXT,
                summary TEXT NOT NULL
            )
            """,
            "CREATE INDEX imports_school ON imports (school_id, created_at)",
            """
            CREATE TABLE audit_log (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                actor_id TEXT,
                at BIGINT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_school ON audit_log (school_id, at)",
        ])
}
