extension Migration {
    /// Step 12 of ``Schema/migrations``: rolls, the school's absence reasons and incident windows.
    ///
    /// A roll keeps only what the teacher tapped (a pupil it does not mention was there), one row per pupil and
    /// occurrence with the page's revision, so that a retried or late tap never undoes a newer one. Rolls do not
    /// cascade from their course: a re-import ends past courses, it never deletes one that took place. Who
    /// recorded a mark or declared a window is kept as an id without a foreign key, so that an account's purge
    /// does not have to erase the school's attendance record.
    static let attendance = Migration(
        version: 12, name: "attendance",
        statements: [
            """
            CREATE TABLE rolls (
                school_id TEXT NOT NULL REFERENCES schools(id),
                course_id TEXT NOT NULL REFERENCES weekly_courses(id),
                planned_date TEXT NOT NULL,
                taken_by TEXT NOT NULL,
                taken_at BIGINT NOT NULL,
                PRIMARY KEY (course_id, planned_date)
            )
            """,
            "CREATE INDEX rolls_school_day ON rolls (school_id, planned_date)",
            """
            CREATE TABLE attendance_marks (
                school_id TEXT NOT NULL REFERENCES schools(id),
                course_id TEXT NOT NULL REFERENCES weekly_courses(id),
                planned_date TEXT NOT NULL,
                pupil_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                status TEXT NOT NULL,
                minutes BIGINT,
                remark TEXT NOT NULL,
                revision BIGINT NOT NULL,
                recorded_by TEXT NOT NULL,
                recorded_at BIGINT NOT NULL,
                PRIMARY KEY (course_id, planned_date, pupil_id)
            )
            """,
            "CREATE INDEX attendance_marks_school_day ON attendance_marks (school_id, planned_date)",
            "CREATE INDEX attendance_marks_pupil ON attendance_marks (pupil_id, planned_date)",
            """
            CREATE TABLE absence_reasons (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                label TEXT NOT NULL,
                counts_as_absence BIGINT NOT NULL,
                needs_proof BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX absence_reasons_label ON absence_reasons (school_id, label)",
            """
            CREATE TABLE incident_windows (
                id TEXT PRIMARY KEY,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                scope TEXT NOT NULL,
                server TEXT NOT NULL,
                note TEXT NOT NULL,
                declared_by TEXT NOT NULL,
                declared_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE incident_window_schools (
                window_id TEXT NOT NULL REFERENCES incident_windows(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                PRIMARY KEY (school_id, window_id)
            )
            """,
            // An incident staff lifted for one pupil's absence (the pupil was truly absent).
            """
            CREATE TABLE incident_lifts (
                school_id TEXT NOT NULL REFERENCES schools(id),
                course_id TEXT NOT NULL REFERENCES weekly_courses(id),
                planned_date TEXT NOT NULL,
                pupil_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                window_id TEXT NOT NULL REFERENCES incident_windows(id) ON DELETE CASCADE,
                lifted_by TEXT NOT NULL,
                lifted_at BIGINT NOT NULL,
                PRIMARY KEY (course_id, planned_date, pupil_id, window_id)
            )
            """,
        ])
}
