import CartableCore
import Foundation

/// The frame around every page: title, language, menu, the signed-in person.
public struct LayoutModel: Sendable {
    /// A link of the main menu.
    public struct NavItem: Sendable {
        /// What the link says.
        public var label: String
        /// Where it goes.
        public var href: String
        /// Whether it is the current page.
        public var isCurrent: Bool
        /// A count shown beside it (unread messages), if any.
        public var badge: String?
        /// The count said in words, for screen readers.
        public var badgeLabel: String?
        /// For the messages link: how a count is said, `{count}` in it (the page's script fills it in).
        public var unreadLabel: String?
    }

    /// Menu sections, to mark the current one.
    public enum Section: Sendable {
        case today, notebook, timetable, classes, newEntry, documents, accounts, devices, messages, none
    }

    /// `fr` or `en`.
    public var lang: String
    /// The page's title.
    public var title: String
    /// The stylesheet's fingerprinted path.
    public var stylesheet: String
    /// Whether someone is signed in.
    public var isSignedIn: Bool
    /// Their name.
    public var userName: String
    /// The menu.
    public var nav: [NavItem]
    /// The CSRF token for the page's forms.
    public var csrf: String
    /// The current path, to come back to after switching language.
    public var path: String
    /// The other language's code and name.
    public var otherLanguageCode: String
    /// The other language's own name.
    public var otherLanguageName: String
    /// A short confirmation ("Entrée publiée.").
    public var notice: String?
    /// Whether the footer offers the other language (not on error pages, which have no form token).
    public var showLanguageSwitch: Bool
    /// The script's fingerprinted path.
    public var script: String
    /// When the page was made ("Page du lundi 23 novembre à 09:03"), so that a copy kept offline says its age.
    public var updated: String
    /// Urgent banners, shown at the top of every page until they end.
    public var banners: [String] = []
    /// The fixed links of the templates.
    var links = SiteLinks()

    /// Builds the frame for a request.
    public static func make(
        title: String, section: Section, context: AppRequestContext, stylesheet: String, path: String, notice: String? = nil,
        script: String = "", now: Date? = nil
    ) -> LayoutModel {
        let t = context.localizer
        var nav: [NavItem] = []
        if let viewer = context.viewer {
            func item(_ key: String, _ route: Route, _ itemSection: Section) {
                nav.append(NavItem(label: t(key), href: route.href, isCurrent: itemSection == section))
            }
            switch viewer.role {
            case .pupil, .guardian:
                item("navToday", .today(pupil: nil), .today)
                item("navNotebook", .pupilNotebook(pupil: nil, week: nil), .notebook)
                item("navTimetable", .timetable(pupil: nil, week: nil), .timetable)
            case .teacher:
                item("navClasses", .classes, .classes)
                item("navTimetable", .timetable(pupil: nil, week: nil), .timetable)
                item("navNewEntry", .newEntry(classID: nil), .newEntry)
            case .staff:
                item("navAllClasses", .classes, .classes)
                item("navAccounts", .accounts(search: nil, role: nil, page: 1), .accounts)
                nav.append(NavItem(label: t("navSchool"), href: OnboardingRoutes.school.href, isCurrent: false))
            }
            item("documents", .documents, .documents)
            let unread = context.unreadMessages ?? 0
            nav.append(
                NavItem(
                    label: t("navMessages"), href: MessageRoutes.inbox.href, isCurrent: section == .messages,
                    badge: unread > 0 ? String(unread) : nil, badgeLabel: unread > 0 ? t("unreadCount", ["count": String(unread)]) : nil,
                    unreadLabel: t("unreadCount")))
            item("navDevices", .devices, .devices)
        }
        var layout = LayoutModel(
            lang: context.language.rawValue, title: title, stylesheet: stylesheet, isSignedIn: context.viewer != nil,
            userName: context.viewer?.user.displayName ?? "", nav: nav, csrf: context.csrfToken, path: path,
            otherLanguageCode: context.language.other.rawValue, otherLanguageName: context.language.other.nativeName, notice: notice,
            showLanguageSwitch: !context.csrfToken.isEmpty, script: script,
            updated: now.map {
                t("pageUpdated", ["when": t.dateTime($0, in: context.viewer?.school.timeZone ?? TimeZone(identifier: "Europe/Paris") ?? .gmt)])
            } ?? "")
        layout.banners = context.banners.map(\.text)
        return layout
    }
}
