extension Migration {
    /// Step 1 of ``Schema/migrations``: schools, people and classes.
    static let schoolsPeopleAndClasses = Migration(
        version: 1, name: "schools, people and classes",
        statements: [
            """
            CREATE TABLE schools (
                id TEXT PRIMARY KEY,
                uai TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                login TEXT NOT NULL UNIQUE,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                is_disabled BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX users_school_role ON users (school_id, role, last_name, first_name)",
            """
            CREATE TABLE classes (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                level TEXT NOT NULL,
                UNIQUE (school_id, name)
            )
            """,
            """
            CREATE TABLE enrolments (
                school_id TEXT NOT NULL REFERENCES schools(id),
                class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
                pupil_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                PRIMARY KEY (class_id, pupil_id)
            )
            """,
            "CREATE INDEX enrolments_pupil ON enrolments (pupil_id)",
            """
            CREATE TABLE guardianships (
                school_id TEXT NOT NULL REFERENCES schools(id),
                guardian_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                pupil_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                PRIMARY KEY (guardian_id, pupil_id)
            )
            """,
            "CREATE INDEX guardianships_pupil ON guardianships (pupil_id)",
            """
            CREATE TABLE teachings (
                school_id TEXT NOT NULL REFERENCES schools(id),
                teacher_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
                subject TEXT NOT NULL,
                PRIMARY KEY (teacher_id, class_id, subject)
            )
            """,
            "CREATE INDEX teachings_class ON teachings (class_id)",
        ])
}
