import CartableCore
import CartableStore
import Foundation

/// The teacher's roll of one occurrence, made for a phone: one line per pupil, present unless tapped.
struct RollPage {
    struct Line {
        var anchor: String
        var pupilID: String
        var name: String
        /// What is recorded, in words ("Absent", "en retard de 10 min"); nil while present.
        var state: String?
        var isAbsent: Bool
        var isLate: Bool
        var isLeftEarly: Bool
        var minutes: String
        var remark: String
        /// The remark to show (`nil` when there is none: the templates take an empty string as a value).
        var remarkNote: String?
        /// The revision the next tap sends (one more than what is stored).
        var revision: Int
        /// For a live class: when the pupil joined, or that they did not.
        var joinNote: String?
        /// No join and nothing tapped: proposed absent, never recorded without the teacher.
        var isProposedAbsent: Bool
    }

    var heading: String
    var summary: String
    var hint: String
    var action: String
    var alert: String?
    /// What was wrong with the last tap, in words.
    var errorText: String?
    var isOpen: Bool
    var lines: [Line]
    var hasLines: Bool
    var count: String
    var doneAction: String
    var taken: String?
    var unjoinedAction: String?
    var backHref: String

    /// - Parameters: `zone` and `today` are the school's.
    init(_ view: AttendanceActions.RollView, zone: TimeZone, today: LocalDate, errors: ValidationError? = nil, t: Localizer) {
        let occurrence = view.occurrence
        let course = occurrence.course
        /// An instant as the school's clock reads it ("09:02").
        func clockTime(_ instant: Date) -> String { t.time(instant, in: zone) }
        heading = t("rollHeading", ["subject": course.subject, "class": view.slice.classNames[course.classID] ?? ""])
        summary = [
            t.day(occurrence.date).capitalizedFirst, t("courseTime", ["start": occurrence.start.text, "end": occurrence.end.text]),
            view.isOnline ? t("courseOnline") : occurrence.room.isEmpty ? "" : t("courseRoom", ["room": occurrence.room]),
        ].filter { !$0.isEmpty }.joined(separator: " · ")
        hint = t("rollHint")
        action = AttendanceRoutes.roll.href(course.id, occurrence.plannedDate)
        doneAction = AttendanceRoutes.rollDone.href(course.id, occurrence.plannedDate)
        backHref = Route.timetable(pupil: nil, week: occurrence.date).href
        switch view.window {
        case _ where occurrence.isCancelled: alert = t("rollCancelled")
        case .open: alert = nil
        case .notYet(let time, let day):
            alert = day == today ? t("rollOpensAt", ["time": time.text]) : t("rollOpensOn", ["date": t.day(day), "time": time.text])
        case .closed: alert = t("rollClosed")
        }
        if let errors {
            let messages = t.fieldErrors(errors)
            let labels = ["minutes": t("rollMinutes"), "remark": t("rollRemark")]
            errorText = ["pupilId", "status", "minutes", "remark", "revision"].compactMap { field in
                messages[field].map { message in labels[field].map { "\($0) : \(message)" } ?? message }
            }.joined(separator: " ")
        }
        isOpen = view.isOpen
        var absent = 0, late = 0
        lines = view.pupils.map { pupil in
            let mark = view.roll.marks[pupil.id]
            let status = mark?.status ?? .present
            let minutes = mark?.minutes.map(String.init) ?? ""
            let state: String? =
                switch status {
                case .present: nil
                case .absent: t("rollAbsent")
                case .late: t("rollIsLate", ["minutes": minutes])
                case .leftEarly: t("rollIsLeftEarly", ["minutes": minutes])
                }
            if status == .absent { absent += 1 }
            if status == .late { late += 1 }
            let joined = view.joins[pupil.id]
            let joinNote: String? =
                view.isOnline
                ? joined.map { t("rollJoinedAt", ["time": clockTime($0)]) } ?? view.attempts[pupil.id].map { Self.attemptNote($0, t: t, time: clockTime) }
                    ?? t("rollNoJoin")
                : nil
            return Line(
                anchor: "p-\(pupil.id.rawValue)", pupilID: pupil.id.rawValue, name: "\(pupil.lastName.uppercased()) \(pupil.firstName)", state: state,
                isAbsent: status == .absent, isLate: status == .late, isLeftEarly: status == .leftEarly, minutes: minutes, remark: mark?.remark ?? "", remarkNote: (mark?.remark).flatMap { $0.isEmpty ? nil : $0 },
                revision: (mark?.revision ?? 0) + 1, joinNote: joinNote, isProposedAbsent: view.isOnline && joined == nil && mark == nil)
        }
        hasLines = !lines.isEmpty
        count = t("rollCount", ["count": String(lines.count), "absent": String(absent), "late": String(late)])
        taken = view.roll.takenAt.map { t("rollTakenAt", ["time": clockTime($0)]) }
        unjoinedAction =
            isOpen && lines.contains(where: \.isProposedAbsent) ? AttendanceRoutes.rollUnjoined.href(course.id, occurrence.plannedDate) : nil
    }

    /// "a essayé de rejoindre la classe à 9:02 — salle d'attente": what the pupil's attempt says, for the teacher and staff.
    static func attemptNote(_ attempt: PresenceAttempt, t: Localizer, time: (Date) -> String) -> String {
        let at = time(attempt.at)
        switch attempt.kind {
        case .waitingRoom: return t("attemptWaitingRoom", ["time": at])
        case .joinFailed: return t("attemptJoinFailed", ["time": at])
        case .unavailable: return t("attemptUnavailable", ["time": at])
        case .request: return t("attemptRequest", ["time": at])
        }
    }
}
