/// The fixed links and form actions of the templates, printed by the features' declarations, so that no template
/// writes a path (`{{layout.links.signOut}}`).
struct SiteLinks: Sendable {
    /// The home page (the brand's link).
    var home = IdentityRoutes.home.href
    /// Where the sign-in form posts.
    var signIn = IdentityRoutes.signIn.href
    /// Where the sign-out button posts.
    var signOut = IdentityRoutes.signOut.href
    /// Where the language switch posts.
    var language = IdentityRoutes.language.href
    /// The accounts list, its search form, and where the new-account form posts.
    var accounts = IdentityRoutes.accounts.href
    /// The new-account form.
    var newAccount = IdentityRoutes.newAccount.href
    /// Where "sign out my other devices" posts.
    var revokeOtherDevices = IdentityRoutes.revokeOtherDevices.href
    /// The new-entry form.
    var newEntry = NotebookRoutes.newEntry.href
    /// The school's security log.
    var securityLog = IdentityRoutes.securityLog.href
    /// The privacy page (every page's footer).
    var privacy = PrivacyRoutes.privacy.href
    /// Staff's form for the privacy text.
    var privacyText = PrivacyRoutes.privacyText.href
    /// Staff's list of accounts to purge.
    var accountPurge = PrivacyRoutes.accountPurge.href
    /// Where the school's retention period posts.
    var accountRetention = PrivacyRoutes.retention.href
    /// The person's calendar feed link, and where "make a new link" posts.
    var calendarSettings = TimetableRoutes.calendarSettings.href
    /// Where "remove my calendar link" posts.
    var removeCalendar = TimetableRoutes.removeCalendar.href
    /// Staff's timetable import, and where it posts.
    var timetableImport = TimetableRoutes.timetableImport.href
    /// Staff's school year form, and where it posts.
    var schoolYear = TimetableRoutes.schoolYear.href
    var videoSettings = TimetableRoutes.videoSettings.href
}
