extension Migration {
    /// Step 5 of ``Schema/migrations``: content versions.
    static let contentVersions = Migration(
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
        ])
}
