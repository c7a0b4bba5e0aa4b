/// The calm page a press on *Rejoindre* shows when it cannot go in yet (or at all): what is happening, what to do.
struct LiveJoinPage {
    var message: String
    /// The teacher has not started: the page retries by itself (`Refresh`), every few seconds.
    var isWaiting: Bool
    var backHref: String
}
