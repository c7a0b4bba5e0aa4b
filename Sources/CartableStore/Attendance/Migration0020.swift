extension Migration {
    /// Step 20 of ``Schema/migrations``: days declared remote (for the school, or one class or group: `class_id` is ''
    /// for the whole school, so that one day is declared once) and the school's attendance settings.
    static let remoteDaysAndAttendanceSettings = Migration(
        version: 20, name: "remote days and attendance settings",
        statements: [
            """
            CREATE TABLE remote_days (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                day TEXT NOT NULL,
                class_id TEXT NOT NULL,
                note TEXT NOT NULL,
                declared_by TEXT NOT NULL,
                declared_at BIGINT NOT NULL,
                UNIQUE (school_id, day, class_id)
            )
            """,
            """
            CREATE TABLE attendance_settings (
                school_id TEXT PRIMARY KEY REFERENCES schools(id),
                pupils_of_age_justify BIGINT NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
        ])
}
