import CartableCore
import CartableStore
import Foundation

/// The page of accounts to purge.
struct AccountPurgePage {
    struct Row {
        var id: String
        var name: String
        var login: String
        var role: String
        var disabledSince: String
        var removed: String
        var kept: String
    }
    var intro: String
    var days: String
    var daysError: String?
    var minimumDays: Int
    var maximumDays: Int
    var rows: [Row]
    var hasRows: Bool
    var purgeButton: String
    var purgeError: String?

    /// The candidates (as many as are shown), the school's period and the form's errors, in the school's time.
    init(
        candidates: some Collection<PurgeCandidate>, days: Int, allowedDays: ClosedRange<Int>, daysText: String?, daysError: String?,
        purgeError: String?, timeZone: TimeZone, t: Localizer
    ) {
        rows = candidates.map { candidate in
            Row(
                id: candidate.user.id.rawValue, name: candidate.user.displayName, login: candidate.user.login, role: t.role(candidate.user.role),
                disabledSince: t.dateTime(candidate.disabledAt, in: timeZone),
                removed: t("purgeRemoved", ["work": t.number(candidate.submissions), "files": t.number(candidate.files)]),
                kept: candidate.keptRecords > 0 ? t("purgeKept", ["count": t.number(candidate.keptRecords)]) : "")
        }
        intro = t("purgeIntro", ["days": t.number(days)])
        self.days = daysText ?? String(days)
        self.daysError = daysError
        minimumDays = allowedDays.lowerBound
        maximumDays = allowedDays.upperBound
        hasRows = !rows.isEmpty
        purgeButton = t("purgeButton", ["count": t.number(rows.count)])
        self.purgeError = purgeError
    }
}
