import CartableCore
import CartableStore
import Foundation

/// The security log's page.
struct SecurityLogPage {
    struct Row {
        var when: String
        var what: String
        var isWarning: Bool
        var subject: String
        var actor: String
        var address: String
        var device: String
    }

    var rows: [Row]
    var isEmpty: Bool
    var retention: String

    /// The entries, newest first, in the school's time.
    init(entries: [SecurityLogEntry], timeZone: TimeZone, retentionDays: Int, t: Localizer) {
        rows = entries.map { entry in
            Row(
                when: t.dateTime(entry.event.at, in: timeZone), what: t("securityEvent_\(entry.event.kind.rawValue)"),
                isWarning: [.signInFailed, .codeFailed, .twoFactorOff, .accountDisabled, .accountPurged].contains(entry.event.kind),
                subject: entry.subjectName ?? "",
                actor: entry.event.actorID == entry.event.subjectID ? "" : entry.actorName ?? t("securityByCommandLine"),
                address: entry.event.address ?? "", device: entry.event.device ?? "")
        }
        isEmpty = rows.isEmpty
        retention = t("securityLogRetention", ["days": String(retentionDays)])
    }
}
