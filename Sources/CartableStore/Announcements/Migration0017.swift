extension Migration {
    /// Step 17 of ``Schema/migrations``: announcements to classes or to the whole school, their acknowledgements
    /// ("j'ai lu", one per reader and child), and urgent banners (a school's, or the platform's with no school).
    static let announcements = Migration(
        version: 17, name: "announcements and banners",
        statements: [
            """
            CREATE TABLE announcements (
                id TEXT PRIMARY KEY,
                school_id TEXT NOT NULL REFERENCES schools(id),
                author_id TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                audience BIGINT NOT NULL,
                visible_from BIGINT NOT NULL,
                visible_until BIGINT NOT NULL,
                needs_ack BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX announcements_school ON announcements (school_id, visible_until)",
            """
            CREATE TABLE announcement_classes (
                announcement_id TEXT NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
                class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
                PRIMARY KEY (announcement_id, class_id)
            )
            """,
            "CREATE INDEX announcement_classes_class ON announcement_classes (class_id)",
            """
            CREATE TABLE announcement_acks (
                announcement_id TEXT NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
                school_id TEXT NOT NULL REFERENCES schools(id),
                user_id TEXT NOT NULL,
                pupil_id TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (announcement_id, user_id, pupil_id)
            )
            """,
            """
            CREATE TABLE banners (
                id TEXT PRIMARY KEY,
                school_id TEXT REFERENCES schools(id),
                text TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                created_by TEXT
            )
            """,
            "CREATE INDEX banners_end ON banners (ends_at)",
        ])
}
