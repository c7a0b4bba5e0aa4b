import CartableCore

/// The secret of a calendar feed as its path carries it: `<43 base64url characters>.ics`.
///
/// Unlike the ids of other routes, a malformed segment still reaches the handler (``secret`` is then `nil`): the feed
/// is public, so there is no sign-in to ask for first, and the handler answers 404 as for a secret that does not exist.
struct FeedToken: PathParameter, Hashable {
    /// The secret (without `.ics`), or `nil` if the segment is not one of ours.
    let secret: String?

    init(secret: String) {
        self.secret = secret
    }

    init?(pathSegment: String) {
        let candidate = pathSegment.hasSuffix(".ics") ? String(pathSegment.dropLast(4)) : ""
        secret = SessionToken.isWellFormed(candidate) ? candidate : nil
    }

    var pathSegment: String { (secret ?? "") + ".ics" }
}
