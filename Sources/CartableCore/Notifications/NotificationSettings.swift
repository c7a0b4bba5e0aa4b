import Foundation

/// How often a person gets e-mail about their messages and announcements.
public enum EmailMode: String, Sendable, Hashable, CaseIterable {
    /// Never.
    case off
    /// Soon after each (a few seconds, together), outside quiet hours.
    case immediate
    /// Once a day, at 18:00.
    case daily
    /// Once a week, on Friday at 18:00.
    case weekly
}

/// Hours when nothing is pushed to a person (no e-mail, no live notice): the right to disconnect.
public struct QuietHours: Sendable, Hashable {
    /// The start, in minutes after midnight (19:00 → 1140).
    public var from: Int
    /// The end, in minutes after midnight (7:30 → 450); before `from` when it spans midnight.
    public var to: Int
    /// Whether Saturdays and Sundays are quiet all day.
    public var weekends: Bool

    public init(from: Int, to: Int, weekends: Bool) {
        self.from = from
        self.to = to
        self.weekends = weekends
    }

    /// A guardian's, until they change it: 19:00–7:30 and weekends.
    public static let guardianDefault = QuietHours(from: 19 * 60, to: 7 * 60 + 30, weekends: true)

    /// Whether `instant` falls in these hours, in `zone`.
    public func contains(_ instant: Date, in zone: TimeZone) -> Bool {
        contains(Self.moment(of: instant, in: zone))
    }

    /// Whether a moment (the day of the week, 1 = Sunday as in `Calendar`, and the minute of the day) falls in these hours.
    public func contains(_ moment: (weekday: Int, minute: Int)) -> Bool {
        if weekends, moment.weekday == 1 || moment.weekday == 7 { return true }
        let minute = moment.minute
        if from == to { return false }
        return from < to ? (from <= minute && minute < to) : (minute >= from || minute < to)
    }

    /// The day of the week (1 = Sunday) and the minute of the day of `instant` in `zone`: worked out once, then asked of
    /// many people's hours.
    public static func moment(of instant: Date, in zone: TimeZone) -> (weekday: Int, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: instant)
        return (parts.weekday ?? 2, (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// The first instant at or after `instant` outside these hours (minute by minute over at most three days).
    public func end(after instant: Date, in zone: TimeZone) -> Date {
        guard contains(instant, in: zone) else { return instant }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Jump to the next whole minute, then by quarter hours, then back to the exact minute.
        var candidate = calendar.date(bySetting: .second, value: 0, of: instant) ?? instant
        for _ in 0..<(3 * 24 * 4) {
            candidate = candidate.addingTimeInterval(15 * 60)
            if !contains(candidate, in: zone) {
                var exact = candidate
                while contains(exact.addingTimeInterval(-60), in: zone) == false && exact > instant { exact = exact.addingTimeInterval(-60) }
                return exact
            }
        }
        return candidate
    }
}

/// A person's notification settings.
public struct NotificationSettings: Sendable, Hashable {
    public var userID: User.ID
    /// Where e-mail goes, if anywhere.
    public var email: String?
    public var emailMode: EmailMode
    /// `nil`: no quiet hours.
    public var quiet: QuietHours?
    /// The secret of the person's unsubscribe link.
    public var unsubscribeToken: String?

    public init(userID: User.ID, email: String? = nil, emailMode: EmailMode = .off, quiet: QuietHours? = nil, unsubscribeToken: String? = nil) {
        self.userID = userID
        self.email = email
        self.emailMode = emailMode
        self.quiet = quiet
        self.unsubscribeToken = unsubscribeToken
    }

    /// What a person has before choosing: guardians have quiet hours (19:00–7:30 and weekends), nobody has e-mail.
    public static func defaults(for user: User) -> NotificationSettings {
        NotificationSettings(userID: user.id, quiet: user.role == .guardian ? .guardianDefault : nil)
    }

    /// When an e-mail about something that happened at `instant` may go: soon after for immediate (ten seconds, so
    /// that several messages together make one e-mail), at the next 18:00 for daily, next Friday 18:00 for weekly; never
    /// in quiet hours. `nil`: no e-mail.
    public func emailDue(after instant: Date, in zone: TimeZone) -> Date? {
        guard let email, !email.isEmpty else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let due: Date
        switch emailMode {
        case .off: return nil
        case .immediate: due = instant.addingTimeInterval(10)
        case .daily, .weekly:
            var parts = DateComponents()
            parts.hour = 18
            parts.minute = 0
            if emailMode == .weekly { parts.weekday = 6 }
            due = calendar.nextDate(after: instant, matching: parts, matchingPolicy: .nextTime) ?? instant
        }
        return quiet?.end(after: due, in: zone) ?? due
    }
}

/// Notification settings as a person types them.
public struct NotificationSettingsInput: Sendable, Hashable {
    public var email: String?
    public var mode: String?
    public var quietOn: Bool
    public var quietFrom: String?
    public var quietTo: String?
    public var quietWeekends: Bool

    public init(email: String? = nil, mode: String? = nil, quietOn: Bool = false, quietFrom: String? = nil, quietTo: String? = nil, quietWeekends: Bool = false) {
        self.email = email
        self.mode = mode
        self.quietOn = quietOn
        self.quietFrom = quietFrom
        self.quietTo = quietTo
        self.quietWeekends = quietWeekends
    }

    /// The checked settings for `userID` (its token kept as it is).
    public func validated(for userID: User.ID, token: String?) throws(ValidationError) -> NotificationSettings {
        var issues: [FieldIssue] = []
        let email = TextRules.clean(email)
        if !email.isEmpty && (email.count > 254 || !Self.looksLikeEmail(email)) { issues.append(.init(field: "email", problem: .invalidChoice)) }
        let mode = EmailMode(rawValue: TextRules.clean(mode).isEmpty ? "off" : TextRules.clean(mode))
        if mode == nil { issues.append(.init(field: "mode", problem: .invalidChoice)) }
        if let mode, mode != .off, email.isEmpty { issues.append(.init(field: "email", problem: .required)) }
        var quiet: QuietHours?
        if quietOn {
            let from = TimeOfDay(text: TextRules.clean(quietFrom))
            let to = TimeOfDay(text: TextRules.clean(quietTo))
            if from == nil { issues.append(.init(field: "quietFrom", problem: .invalidTime)) }
            if to == nil { issues.append(.init(field: "quietTo", problem: .invalidTime)) }
            if let from, let to { quiet = QuietHours(from: from.minutes, to: to.minutes, weekends: quietWeekends) }
        }
        guard issues.isEmpty, let mode else { throw ValidationError(issues) }
        return NotificationSettings(userID: userID, email: email.isEmpty ? nil : email, emailMode: mode, quiet: quiet, unsubscribeToken: token)
    }

    /// One `@`, something before it, a dot after it, no spaces or angle brackets (the server will tell the rest).
    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\"" }
    }
}
