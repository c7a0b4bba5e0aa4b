extension Migration {
    /// Step 8 of ``Schema/migrations``: a school's own privacy page text.
    static let privacyTexts = Migration(
        version: 8, name: "privacy texts",
        statements: [
            """
            CREATE TABLE privacy_texts (
                school_id TEXT PRIMARY KEY REFERENCES schools(id),
                body TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                updated_by TEXT REFERENCES users(id)
            )
            """
        ])
}
