import Foundation

/// The page of a person's private calendar feed: whether they have a link, and the link itself right after it is made.
struct CalendarSettingsPage {
    var hasFeed: Bool
    var createdLine: String?
    /// The new link (`https://…`), shown only in the answer that made it: only its digest is kept.
    var link: String?
    var webcalLink: String?
    var hasLink: Bool

    init(createdAt: Date?, link: String?, timeZone: TimeZone, t: Localizer) {
        hasFeed = createdAt != nil
        createdLine = createdAt.map { t("calendarCreated", ["when": t.dateTime($0, in: timeZone)]) }
        self.link = link
        webcalLink = link.map { "webcal" + $0.drop(while: { $0 != ":" }) }
        hasLink = link != nil
    }
}
