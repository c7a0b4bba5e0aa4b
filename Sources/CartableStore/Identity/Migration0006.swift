extension Migration {
    /// Step 6 of ``Schema/migrations``: two-factor sign-in.
    static let twoFactorSignIn = Migration(
        version: 6, name: "two-factor sign-in",
        statements: [
            """
            CREATE TABLE two_factor (
                user_id TEXT PRIMARY KEY REFERENCES users(id),
                school_id TEXT NOT NULL REFERENCES schools(id),
                secret TEXT NOT NULL,
                confirmed_at BIGINT,
                last_step BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE recovery_codes (
                code_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id),
                school_id TEXT NOT NULL REFERENCES schools(id),
                used_at BIGINT
            )
            """,
            "CREATE INDEX recovery_codes_user ON recovery_codes (user_id)",
            """
            CREATE TABLE sign_in_challenges (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id),
                school_id TEXT NOT NULL REFERENCES schools(id),
                is_remembered BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE school_security (
                school_id TEXT PRIMARY KEY REFERENCES schools(id),
                staff_two_factor BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
        ])
}
