extension Migration {
    /// Step 11 of ``Schema/migrations``: a school's own live-class servers (BigBlueButton, Jitsi), set by its
    /// staff; what a school leaves empty comes from the platform's settings.
    static let schoolVideoSettings = Migration(
        version: 11, name: "school video settings",
        statements: [
            """
            CREATE TABLE school_video_settings (
                school_id TEXT PRIMARY KEY REFERENCES schools(id),
                bbb_url TEXT,
                bbb_secret TEXT,
                bbb_checksum TEXT NOT NULL,
                jitsi_domain TEXT,
                jitsi_app_id TEXT,
                jitsi_secret TEXT,
                updated_at BIGINT NOT NULL
            )
            """
        ])
}
