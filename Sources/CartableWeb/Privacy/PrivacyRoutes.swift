import CartableCore

/// The privacy page and the school's text for it: their paths, each written once.
enum PrivacyRoutes {
    /// What Cartable keeps, why, for how long, who to ask (linked from every page's footer).
    static let privacy = Path("/privacy")
    /// Staff's form for the school's own text.
    static let privacyText = Path("/admin/privacy")

    /// Everything Cartable holds about one person, as one archive (staff, for a person's right of access).
    static let personalData = Path1<User.ID>("/admin/accounts/:userID/data.zip")

    /// Staff's list of accounts disabled for longer than the school keeps them; posting it purges them.
    static let accountPurge = Path("/admin/purge")
    /// Where the school's retention period posts.
    static let retention = Path("/admin/purge/retention")

    /// Every path of the privacy pages.
    static let all: [any DeclaredPath] = [privacy, privacyText, personalData, accountPurge, retention]
}
