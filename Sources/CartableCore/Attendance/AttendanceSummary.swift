import Foundation

/// One absence, lateness or early leave of a pupil, with everything the totals need (pure: the store gathers it).
public struct AttendanceEvent: Hashable, Sendable {
    /// How the incident rule applies to it.
    public enum Incident: Hashable, Sendable {
        /// No incident window covers it.
        case none
        /// An incident window covers it: not held against the pupil.
        case window(IncidentWindow.ID)
        /// A window covered it but staff lifted the incident for this one (the pupil was truly absent).
        case lifted(IncidentWindow.ID)
    }

    /// The pupil.
    public var pupilID: User.ID
    /// The day it happened on.
    public var date: LocalDate
    /// When the course started (for the half-day).
    public var start: TimeOfDay
    /// What happened (never `present`).
    public var status: AttendanceMark.Status
    /// Minutes late or left early.
    public var minutes: Int?
    /// Whether the course was online (a live class, or a day declared remote).
    public var online: Bool
    /// The reason given, once staff accepted or while it waits.
    public var reason: AbsenceReason?
    /// Where its justification stands.
    public var justification: JustificationState
    /// Whether an incident window covers it.
    public var incident: Incident

    /// Creates an event.
    public init(
        pupilID: User.ID, date: LocalDate, start: TimeOfDay, status: AttendanceMark.Status, minutes: Int? = nil, online: Bool = false,
        reason: AbsenceReason? = nil, justification: JustificationState = .none, incident: Incident = .none
    ) {
        self.pupilID = pupilID
        self.date = date
        self.start = start
        self.status = status
        self.minutes = minutes
        self.online = online
        self.reason = reason
        self.justification = justification
        self.incident = incident
    }

    /// Whether it is an incident (covered and not lifted): shown as such, never counted.
    public var isIncident: Bool {
        if case .window = incident { return true }
        return false
    }

    /// Whether it counts as an absence: absent, not an incident, and no accepted reason that does not count.
    public var countsAsAbsence: Bool {
        guard status == .absent, !isIncident else { return false }
        if justification == .accepted, let reason, !reason.countsAsAbsence { return false }
        return true
    }

    /// Whether it is justified (staff accepted its reason).
    public var isJustified: Bool { justification == .accepted }

    /// Its half-day: morning for a course that starts before noon.
    public var halfDay: HalfDay { HalfDay(date: date, afternoon: start.minutes >= HalfDay.noon) }
}

/// A morning or an afternoon: the unit in which French schools count absences.
public struct HalfDay: Hashable, Sendable, Comparable {
    /// The minute from which a course starts an afternoon (12:00).
    public static let noon = 12 * 60

    /// The day.
    public var date: LocalDate
    /// Whether it is the afternoon.
    public var afternoon: Bool

    /// Creates a half-day.
    public init(date: LocalDate, afternoon: Bool) {
        self.date = date
        self.afternoon = afternoon
    }

    public static func < (lhs: HalfDay, rhs: HalfDay) -> Bool {
        (lhs.date, lhs.afternoon ? 1 : 0) < (rhs.date, rhs.afternoon ? 1 : 0)
    }
}

/// A pupil's record over a period: what vie scolaire, the family and the pupil read.
public struct AttendanceSummary: Hashable, Sendable {
    /// Half-days with at least one absence that counts.
    public var halfDaysAbsent: Int
    /// Of those, the half-days where every counted absence is justified.
    public var justifiedHalfDays: Int
    /// Half-days with at least one counted absence not justified (a pending justification is not one yet).
    public var unjustifiedHalfDays: Int
    /// Times late (incidents aside).
    public var lateness: Int
    /// Early leaves (incidents aside).
    public var leftEarly: Int
    /// Absences and lateness that were incidents: shown, never counted.
    public var incidents: Int
    /// Absences whose justification waits for staff.
    public var pending: Int

    /// The totals of `events` (one pupil's).
    public init(_ events: some Sequence<AttendanceEvent>) {
        var absent: [HalfDay: Bool] = [:]  // half-day → all its counted absences justified
        var lateness = 0, leftEarly = 0, incidents = 0, pending = 0
        for event in events {
            if event.isIncident {
                incidents += 1
                continue
            }
            if event.justification == .pending { pending += 1 }
            switch event.status {
            case .absent where event.countsAsAbsence:
                absent[event.halfDay] = (absent[event.halfDay] ?? true) && event.isJustified
            case .late: lateness += 1
            case .leftEarly: leftEarly += 1
            case .absent, .present: break
            }
        }
        halfDaysAbsent = absent.count
        justifiedHalfDays = absent.values.filter { $0 }.count
        unjustifiedHalfDays = absent.count - justifiedHalfDays
        self.lateness = lateness
        self.leftEarly = leftEarly
        self.incidents = incidents
        self.pending = pending
    }

    /// The legal threshold for a warning: at least this many unjustified half-days in one month (Code de l'éducation, L131-8).
    public static let alertThreshold = 4

    /// The pupils with at least ``alertThreshold`` unjustified half-days in one calendar month, with that month
    /// (`YYYY-MM`) and the count, the highest month per pupil; incidents never count.
    public static func alerts(_ events: some Sequence<AttendanceEvent>) -> [(pupilID: User.ID, month: String, unjustifiedHalfDays: Int)] {
        var byMonth: [User.ID: [String: [AttendanceEvent]]] = [:]
        for event in events {
            let (year, month, _) = event.date.components
            let key = "\(year)-\(month < 10 ? "0" : "")\(month)"
            byMonth[event.pupilID, default: [:]][key, default: []].append(event)
        }
        var found: [(pupilID: User.ID, month: String, unjustifiedHalfDays: Int)] = []
        for (pupil, months) in byMonth {
            let worst = months.map { (month: $0.key, count: AttendanceSummary($0.value).unjustifiedHalfDays) }
                .max { ($0.count, $1.month) < ($1.count, $0.month) }
            if let worst, worst.count >= alertThreshold { found.append((pupil, worst.month, worst.count)) }
        }
        return found.sorted { ($0.unjustifiedHalfDays, $1.pupilID) > ($1.unjustifiedHalfDays, $0.pupilID) }
    }
}
