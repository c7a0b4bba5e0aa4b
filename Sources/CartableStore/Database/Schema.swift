/// Cartable's schema, step by step. Every table carries `school_id`, so that every query can be
/// scoped by school and a region can later be split by school.
///
/// Types are chosen to mean the same on both engines: `TEXT`, `BIGINT` (booleans as 0/1, instants
/// as milliseconds since 1970), days as `YYYY-MM-DD` text.
public enum Schema {
    /// The steps, in order.
    public static let migrations: [Migration] = [
        Migration(
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
            ]),
        Migration(
            version: 2, name: "device sessions",
            statements: [
                """
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    school_id TEXT NOT NULL REFERENCES schools(id),
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    is_remembered BIGINT NOT NULL,
                    device_label TEXT NOT NULL,
                    csrf_token TEXT NOT NULL
                )
                """,
                "CREATE INDEX sessions_user ON sessions (user_id)",
                "CREATE INDEX sessions_expiry ON sessions (expires_at)",
            ]),
        Migration(
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
            ]),
        Migration(
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
            ]),
        Migration(
            version: 5, name: "content versions",
            statements: [
                """
                CREATE TABLE content_versions (
                    scope TEXT PRIMARY KEY,
                    school_id TEXT NOT NULL REFERENCES schools(id),
                    version BIGINT NOT NULL,
                    changed_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX content_versions_changed ON content_versions (changed_at)",
            ]),
    ]
}
