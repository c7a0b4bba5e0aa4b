extension Migration {
    /// Step 10 of ``Schema/migrations``: the school year, the weekly timetable and one-off changes, and each
    /// person's private calendar feed (only the SHA-256 of its secret is kept, as for device sessions).
    ///
    /// A course's teachers are rows of their own (`weekly_course_teachers`), so that a teacher's week is
    /// one indexed query; an occurrence's change is keyed by its course and the day it was planned on.
    static let timetable = Migration(
        version: 10, name: "timetable",
        statements: [
            """
            CREATE TABLE school_years (
                school_id TEXT PRIMARY KEY REFERENCES schools(id),
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL,
                week_a_monday TEXT,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE school_holidays (
                school_id TEXT NOT NULL REFERENCES schools(id),
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL,
                name TEXT NOT NULL,
                PRIMARY KEY (school_id, first_day)
            )
            """,
            """
            CREATE TABLE weekly_courses (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
                subject TEXT NOT NULL,
                room TEXT NOT NULL,
                weekday BIGINT NOT NULL,
                start_minute BIGINT NOT NULL,
                end_minute BIGINT NOT NULL,
                weeks TEXT NOT NULL,
                valid_from TEXT NOT NULL,
                valid_until TEXT,
                is_extra BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX weekly_courses_class ON weekly_courses (class_id, valid_from)",
            "CREATE INDEX weekly_courses_school ON weekly_courses (school_id, weekday)",
            """
            CREATE TABLE weekly_course_teachers (
                course_id TEXT NOT NULL REFERENCES weekly_courses(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                teacher_id TEXT NOT NULL REFERENCES users(id),
                position BIGINT NOT NULL,
                PRIMARY KEY (course_id, teacher_id)
            )
            """,
            "CREATE INDEX weekly_course_teachers_teacher ON weekly_course_teachers (teacher_id)",
            """
            CREATE TABLE course_changes (
                course_id TEXT NOT NULL REFERENCES weekly_courses(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                planned_date TEXT NOT NULL,
                is_cancelled BIGINT NOT NULL,
                moved_to_date TEXT,
                start_minute BIGINT,
                end_minute BIGINT,
                room TEXT,
                teacher_ids TEXT,
                note TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (course_id, planned_date)
            )
            """,
            "CREATE INDEX course_changes_school_planned ON course_changes (school_id, planned_date)",
            "CREATE INDEX course_changes_school_moved ON course_changes (school_id, moved_to_date)",
            // How a course happens when not in its room: planned_date '' is every week.
            """
            CREATE TABLE course_live (
                course_id TEXT NOT NULL REFERENCES weekly_courses(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                planned_date TEXT NOT NULL,
                mode TEXT NOT NULL,
                link TEXT,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (course_id, planned_date)
            )
            """,
            // Who joined which occurrence online, when (the roll reads it).
            """
            CREATE TABLE course_joins (
                school_id TEXT NOT NULL REFERENCES schools(id),
                course_id TEXT NOT NULL REFERENCES weekly_courses(id) ON DELETE CASCADE,
                planned_date TEXT NOT NULL,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                joined_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX course_joins_occurrence ON course_joins (course_id, planned_date)",
            """
            CREATE TABLE calendar_feeds (
                user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL
            )
            """,
        ])
}
