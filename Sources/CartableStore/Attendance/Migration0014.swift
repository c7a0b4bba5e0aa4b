extension Migration {
    /// Step 14 of ``Schema/migrations``: staff's reminders to take a roll, one row per teacher reminded, kept until the
    /// roll is taken (then deleted: the roll's own row says who took it and when).
    static let rollReminders = Migration(
        version: 14, name: "roll reminders",
        statements: [
            """
            CREATE TABLE roll_reminders (
                school_id TEXT NOT NULL REFERENCES schools(id),
                course_id TEXT NOT NULL REFERENCES weekly_courses(id),
                planned_date TEXT NOT NULL,
                teacher_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                reminded_by TEXT NOT NULL,
                reminded_at BIGINT NOT NULL,
                PRIMARY KEY (course_id, planned_date, teacher_id)
            )
            """,
            "CREATE INDEX roll_reminders_teacher ON roll_reminders (teacher_id, planned_date)",
            "CREATE INDEX roll_reminders_school_day ON roll_reminders (school_id, planned_date)",
        ])
}
