import CartableCore
import CartableStore
import Foundation

extension DemoSchool {
    /// What the demo school's attendance starts with: its reasons, three weeks of rolls of 4e B before today (a few
    /// absences and lateness, the demo pupil among them), one past incident window and one past remote day. The same
    /// every run.
    public struct DemoAttendance: Sendable {
        /// The school's list of reasons.
        public var reasons: [AbsenceReason]
        /// Rolls taken: the occurrence, by whom, when.
        public var rolls: [(courseID: WeeklyCourse.ID, plannedDate: LocalDate, teacherID: User.ID, at: Date)]
        /// What the rolls recorded.
        public var marks: [AttendanceMark]
        /// A morning when live classes failed, last week.
        public var incident: IncidentWindow
        /// What families sent: the demo pupil's absence justified by the demo guardian, waiting for staff; another
        /// pupil's, accepted.
        public var justifications: [Justification]
        /// Last week's Friday, declared remote for the whole school (a transport strike), when it is a day of the year.
        public var remoteDay: RemoteDay?
    }

    /// The demo's attendance over the 21 days before `today`, on the courses of 4e B in `courses` (`login`: the demo pupil's).
    public func demoAttendance(
        of courses: [WeeklyCourse], year: SchoolYear, today: LocalDate, pupilLogin: String = "eleve", guardianLogin: String = "parent"
    ) -> DemoAttendance {
        var random = SeededGenerator(seed: 6_042_021 &+ UInt64(number))
        let reasons = [
            ("Maladie", true, true), ("Rendez-vous médical", true, false), ("Raison familiale", true, false), ("Transport", true, false),
            ("Sortie ou voyage scolaire", false, false),
        ].map { AbsenceReason(id: .init(rawValue: random.uuid()), schoolID: school.id, label: $0.0, countsAsAbsence: $0.1, needsProof: $0.2) }
        let zone = school.timeZone
        var rolls: [(courseID: WeeklyCourse.ID, plannedDate: LocalDate, teacherID: User.ID, at: Date)] = []
        var marks: [AttendanceMark] = []
        if let fourB = roster.classes.first(where: { $0.name == "4e B" }) {
            let pupils = roster.enrolments.filter { $0.classID == fourB.id }.map(\.pupilID)
            let demoPupil = roster.accounts.first { $0.user.login == pupilLogin }?.user.id
            let occurrences = TimetableCalendar.occurrences(
                of: courses.filter { $0.classID == fourB.id }, changes: [], year: year, in: today.adding(days: -21)...today.adding(days: -1))
            for (index, occurrence) in occurrences.enumerated() {
                guard let teacher = occurrence.teacherIDs.first else { continue }
                let at = occurrence.date.instant(atMinute: occurrence.start.minutes + 5, in: zone)
                rolls.append((occurrence.course.id, occurrence.plannedDate, teacher, at))
                for pupil in pupils {
                    let draw = Int.random(in: 0..<100, using: &random)
                    // The demo pupil: one absence and one lateness, early in the period.
                    let isDemo = pupil == demoPupil
                    let status: AttendanceMark.Status? =
                        isDemo ? (index == 3 ? .absent : index == 8 ? .late : nil) : draw < 3 ? .absent : draw < 5 ? .late : nil
                    guard let status else { continue }
                    marks.append(
                        AttendanceMark(
                            courseID: occurrence.course.id, plannedDate: occurrence.plannedDate, pupilID: pupil, status: status,
                            minutes: status == .late ? [5, 10, 15][Int.random(in: 0..<3, using: &random)] : nil, revision: 1, recordedBy: teacher,
                            recordedAt: at))
                }
            }
        }
        var monday = today.startOfWeek.adding(days: -7)
        if monday < year.firstDay { monday = today.adding(days: -1) }
        let incident = IncidentWindow(
            id: .init(rawValue: random.uuid()), start: monday.instant(atMinute: 9 * 60, in: zone), end: monday.instant(atMinute: 9 * 60 + 40, in: zone),
            schoolIDs: [school.id], scope: .liveClasses,
            note: "Les classes en ligne n'ont pas fonctionné de 9:00 à 9:40. Aucune absence pendant ce temps n'est comptée.")
        var justifications: [Justification] = []
        let family = reasons.first { $0.label == "Raison familiale" }
        let transport = reasons.first { $0.label == "Transport" }
        let demoPupil = roster.accounts.first { $0.user.login == pupilLogin }?.user.id
        let guardian = roster.accounts.first { $0.user.login == guardianLogin }?.user.id
        if let family, let demoPupil, let guardian, let absence = marks.first(where: { $0.pupilID == demoPupil && $0.status == .absent }) {
            justifications.append(
                Justification(
                    id: .init(rawValue: random.uuid()), schoolID: school.id, pupilID: demoPupil, from: absence.plannedDate, to: absence.plannedDate,
                    reasonID: family.id, comment: "Enterrement de son grand-père. Merci de votre compréhension.", submittedBy: guardian,
                    submittedAt: absence.recordedAt.addingTimeInterval(3 * 3600)))
        }
        if let transport, let staff = roster.accounts.first(where: { $0.user.role == .staff })?.user.id,
            let absence = marks.first(where: { $0.pupilID != demoPupil && $0.status == .absent })
        {
            let sentBy = roster.guardianships.first { $0.pupilID == absence.pupilID }?.guardianID ?? absence.pupilID
            justifications.append(
                Justification(
                    id: .init(rawValue: random.uuid()), schoolID: school.id, pupilID: absence.pupilID, from: absence.plannedDate, to: absence.plannedDate,
                    reasonID: transport.id, comment: "Le car scolaire n'est pas passé.", state: .accepted, submittedBy: sentBy,
                    submittedAt: absence.recordedAt.addingTimeInterval(2 * 3600), decidedBy: staff, decidedAt: absence.recordedAt.addingTimeInterval(24 * 3600)))
        }
        let friday = today.startOfWeek.adding(days: -3)
        let remoteDay =
            friday >= year.firstDay
            ? RemoteDay(
                id: .init(rawValue: random.uuid()), schoolID: school.id, day: friday, classID: nil,
                note: "Grève des transports : les cours ont lieu à distance, sur Cartable.") : nil
        return DemoAttendance(
            reasons: reasons, rolls: rolls, marks: marks, incident: incident, justifications: justifications, remoteDay: remoteDay)
    }
}
