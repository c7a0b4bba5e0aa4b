import CartableCore
import Hummingbird

extension AppServices {
    /// Confirmations a page may show after a redirect (`?notice=entryPublished`); anything else is ignored.
    static let noticeKeys: Set<String> = [
        "entryPublished", "entriesPublished", "entrySaved", "entryDeleted", "accountCreated", "passwordChanged", "accountDisabled",
        "accountEnabled", "deviceRevoked", "devicesRevoked", "signedOut", "languageChanged",
        "workSaved", "workHandedIn", "workReturned", "fileAdded", "fileRemoved", "assignmentSaved", "documentAdded", "documentDeleted",
        "entryHasWork", "twoFactorOff", "staffTwoFactorOn", "staffTwoFactorOff", "privacySaved",
        "accountsPurged", "retentionSaved", "courseChangeSaved", "justificationSent", "reasonSaved", "proposalConfirmed", "proposalDismissed", "periodRecorded", "incidentDeclared", "remoteDayDeclared", "remoteDayRemoved", "attendanceSettingsSaved", "rollReminded", "rollNothingToRemind", "incidentLifted", "incidentRestored", "justificationAcceptedNotice", "justificationRefusedNotice", "courseChangeRemoved", "calendarRemoved", "schoolYearSaved", "liveModeSaved", "liveEnded", "videoSettingsSaved",
        "extraAdded", "extraRemoved", "rollSaved", "rollTaken", "rollUnjoinedMarked",
        "announcementPublished", "announcementAcknowledged", "announcementReminded", "bannerShown", "bannerEnded", "notificationsSaved",
        "messageDeleted", "messageRecalled", "messageReported", "messagingSaved", "writingSuspendedNotice", "writingRestoredNotice",
        "importApplied", "classCreated", "structureSaved", "charterSaved",
    ]

    /// Renders a page in the layout, with the menu for the signed-in person.
    func page<Content>(
        _ template: ViewRenderer.Template, content: Content, title: String, section: LayoutModel.Section, request: Request,
        context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        let t = context.localizer
        let query = request.queryData
        var notice: String?
        if let key = query["notice"], Self.noticeKeys.contains(key) {
            notice = t(key, ["count": query["count"].flatMap { Int($0) }.map(String.init) ?? ""])
        }
        let layout = LayoutModel.make(
            title: title, section: section, context: context, stylesheet: views.stylesheet.path, path: request.uri.description, notice: notice,
            script: views.script.path, now: clock.now())
        return views.page(template, content: content, layout: layout, localizer: t, status: status)
    }

    /// A 303 redirect (after a form: the browser then GETs the new page).
    func redirect(to href: String, notice: String? = nil, count: Int? = nil) -> Response {
        var target = href
        if let notice {
            target += (href.contains("?") ? "&" : "?") + "notice=\(notice)"
            if let count { target += "&count=\(count)" }
        }
        return Response(status: .seeOther, headers: [.location: target])
    }
}
