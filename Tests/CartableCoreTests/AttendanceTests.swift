import CartableCore
import Foundation
import Testing

/// Attendance's pure rules: a tap of the roll, when a roll opens, incident windows, half-days, totals and alerts,
/// and who may read and write it.
@Suite struct AttendanceTests {
    typealias W = AccessPolicyTests
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let monday = LocalDate(iso: "2026-11-23")!

    static func course(teachers: [User.ID] = [W.teacher.user.id], school: School = W.school) -> WeeklyCourse {
        WeeklyCourse(
            id: .init(rawValue: "00000000-0000-4000-8000-300000000001"), schoolID: school.id, classID: W.classA, subject: "Mathématiques",
            teacherIDs: teachers, room: "A03", weekday: 1, start: TimeOfDay(hour: 9, minute: 0)!, end: TimeOfDay(hour: 10, minute: 0)!, validFrom: LocalDate(iso: "2026-09-01")!)
    }

    static func at(_ day: LocalDate, _ hour: Int, _ minute: Int = 0) -> Date { day.instant(atMinute: hour * 60 + minute, in: paris) }

    // MARK: a tap of the roll

    static let roll: Set<User.ID> = [W.pupil.user.id, W.otherPupil.id]

    @Test func aTapIsCheckedAndCleaned() throws {
        let tap = try RollMarkInput(pupilID: W.pupil.user.id.rawValue.uppercased(), status: "late", minutes: " 12 ", remark: "  bus  ", revision: "3")
            .validated(rollOf: Self.roll)
        #expect(tap == .init(pupilID: W.pupil.user.id, status: .late, minutes: 12, remark: "bus", revision: 3))
        let absent = try RollMarkInput(pupilID: W.otherPupil.id.rawValue, status: "absent", minutes: "999", revision: "1").validated(rollOf: Self.roll)
        #expect(absent.minutes == nil, "minutes only for late and left early")
        #expect(try RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "left_early", minutes: "240", revision: "1").validated(rollOf: Self.roll).minutes == 240)
    }

    @Test(arguments: [
        (RollMarkInput(pupilID: "00000000-0000-4000-8000-100000000099", status: "absent", revision: "1"), "pupilId", FieldIssue.Problem.invalidChoice),
        (RollMarkInput(pupilID: "junk", status: "absent", revision: "1"), "pupilId", .invalidChoice),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "", revision: "1"), "status", .required),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "excused", revision: "1"), "status", .invalidChoice),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "late", revision: "1"), "minutes", .required),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "late", minutes: "0", revision: "1"), "minutes", .notInRange(min: 1, max: 240)),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "left_early", minutes: "241", revision: "1"), "minutes", .notInRange(min: 1, max: 240)),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "late", minutes: "dix", revision: "1"), "minutes", .notInRange(min: 1, max: 240)),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "absent", remark: String(repeating: "é", count: 201), revision: "1"), "remark", .tooLong(max: 200)),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "absent"), "revision", .notInRange(min: 1, max: 1_000_000)),
        (RollMarkInput(pupilID: W.pupil.user.id.rawValue, status: "absent", revision: "0"), "revision", .notInRange(min: 1, max: 1_000_000)),
    ])
    func aBadTapIsRefusedNamingItsField(input: RollMarkInput, field: String, problem: FieldIssue.Problem) {
        #expect(throws: ValidationError.self) { try input.validated(rollOf: Self.roll) }
        do {
            _ = try input.validated(rollOf: Self.roll)
        } catch {
            #expect(error.problem(for: field) == problem)
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        do {
            _ = try RollMarkInput(pupilID: "x", status: "late", minutes: "0").validated(rollOf: Self.roll)
            Issue.record("accepted")
        } catch {
            #expect(error.issues.map(\.field) == ["pupilId", "minutes", "revision"])
        }
    }

    // MARK: when the roll opens

    @Test func theRollOpensAtTheStartAndATeacherCorrectsItTheSameDay() {
        let occurrence = CourseOccurrence(course: Self.course(), plannedDate: Self.monday, change: nil)
        let window = { (now: Date, staff: Bool) in RollWindow.of(occurrence, at: now, in: Self.paris, byStaff: staff) }
        #expect(window(Self.at(Self.monday, 8, 59), false) == .notYet(opensAt: TimeOfDay(hour: 9, minute: 0)!, on: Self.monday))
        #expect(window(Self.at(Self.monday.adding(days: -1), 10), true) == .notYet(opensAt: TimeOfDay(hour: 9, minute: 0)!, on: Self.monday))
        #expect(window(Self.at(Self.monday, 9), false) == .open)
        #expect(window(Self.at(Self.monday, 23, 59), false) == .open)
        #expect(window(Self.at(Self.monday.adding(days: 1), 0, 1), false) == .closed)
        #expect(window(Self.at(Self.monday.adding(days: 9), 8), true) == .open, "vie scolaire corrects later")
    }

    @Test func aMovedCourseOpensAtItsNewTime() {
        let change = CourseChange(
            courseID: Self.course().id, schoolID: W.school.id, date: Self.monday, start: TimeOfDay(hour: 14, minute: 0), end: TimeOfDay(hour: 15, minute: 0),
            updatedAt: Date())
        let occurrence = CourseOccurrence(course: Self.course(), plannedDate: Self.monday, change: change)
        #expect(RollWindow.of(occurrence, at: Self.at(Self.monday, 9, 30), in: Self.paris, byStaff: false) == .notYet(opensAt: TimeOfDay(hour: 14, minute: 0)!, on: Self.monday))
        #expect(RollWindow.of(occurrence, at: Self.at(Self.monday, 14), in: Self.paris, byStaff: false) == .open)
    }

    // MARK: incident windows

    static let window = IncidentWindow(
        id: .init(rawValue: "00000000-0000-4000-8000-400000000001"), start: at(monday, 9, 10), end: at(monday, 9, 40),
        schoolIDs: [W.school.id], scope: .liveClasses)

    @Test func aWindowCoversAnOnlineCourseItOverlapsInItsSchools() {
        let nine = Self.at(Self.monday, 9), ten = Self.at(Self.monday, 10)
        #expect(Self.window.covers(schoolID: W.school.id, from: nine, to: ten, liveClass: true, videoServer: "https://bbb.example/"))
        #expect(!Self.window.covers(schoolID: W.otherSchool.id, from: nine, to: ten, liveClass: true, videoServer: ""))
        #expect(!Self.window.covers(schoolID: W.school.id, from: Self.at(Self.monday, 8), to: Self.at(Self.monday, 9, 10), liveClass: true, videoServer: ""), "touching is not overlapping")
        #expect(!Self.window.covers(schoolID: W.school.id, from: Self.at(Self.monday, 9, 40), to: ten, liveClass: true, videoServer: ""))
        #expect(!Self.window.covers(schoolID: W.school.id, from: nine, to: ten, liveClass: false, videoServer: ""), "live classes down: a remote day's course is not covered")
        var platform = Self.window
        platform.scope = .platform
        #expect(platform.covers(schoolID: W.school.id, from: nine, to: ten, liveClass: false, videoServer: ""))
        var server = Self.window
        server.scope = .videoServer
        server.server = "https://bbb.example/"
        #expect(server.covers(schoolID: W.school.id, from: nine, to: ten, liveClass: true, videoServer: "https://bbb.example/"))
        #expect(!server.covers(schoolID: W.school.id, from: nine, to: ten, liveClass: true, videoServer: "https://other.example/"))
        #expect(!server.covers(schoolID: W.school.id, from: nine, to: ten, liveClass: true, videoServer: ""))
    }

    // MARK: totals and alerts

    static let illness = AbsenceReason(id: .init(rawValue: "00000000-0000-4000-8000-500000000001"), schoolID: W.school.id, label: "Maladie", needsProof: true)
    static let trip = AbsenceReason(id: .init(rawValue: "00000000-0000-4000-8000-500000000002"), schoolID: W.school.id, label: "Sortie scolaire", countsAsAbsence: false)

    static func event(
        _ day: LocalDate, _ hour: Int, _ status: AttendanceMark.Status = .absent, pupil: User.ID = W.pupil.user.id, reason: AbsenceReason? = nil,
        justification: JustificationState = .none, incident: AttendanceEvent.Incident = .none
    ) -> AttendanceEvent {
        AttendanceEvent(
            pupilID: pupil, date: day, start: TimeOfDay(hour: hour, minute: 0)!, status: status, minutes: status.hasMinutes ? 5 : nil, online: incident != .none,
            reason: reason, justification: justification, incident: incident)
    }

    @Test func absencesCountInHalfDays() {
        let tuesday = Self.monday.adding(days: 1)
        let summary = AttendanceSummary([
            Self.event(Self.monday, 8), Self.event(Self.monday, 9), Self.event(Self.monday, 11),  // one morning
            Self.event(Self.monday, 14, reason: Self.illness, justification: .accepted),  // a justified afternoon
            Self.event(tuesday, 8, reason: Self.illness, justification: .accepted), Self.event(tuesday, 10),  // a morning partly justified: unjustified
            Self.event(tuesday, 13, reason: Self.illness, justification: .pending),  // waits: unjustified for now
            Self.event(tuesday, 15, .late), Self.event(tuesday, 16, .leftEarly),
        ])
        #expect(summary.halfDaysAbsent == 4)
        #expect(summary.justifiedHalfDays == 1)
        #expect(summary.unjustifiedHalfDays == 3)
        #expect(summary.lateness == 1)
        #expect(summary.leftEarly == 1)
        #expect(summary.pending == 1)
        #expect(summary.incidents == 0)
    }

    @Test func anAcceptedReasonThatDoesNotCountAndAnIncidentAreNotAbsences() {
        let window = Self.window.id
        let summary = AttendanceSummary([
            Self.event(Self.monday, 9, reason: Self.trip, justification: .accepted),
            Self.event(Self.monday, 14, incident: .window(window)),
            Self.event(Self.monday, 15, .late, incident: .window(window)),
            Self.event(Self.monday.adding(days: 1), 9, incident: .lifted(window)),  // staff lifted it: counts
            Self.event(Self.monday.adding(days: 2), 9, reason: Self.trip, justification: .refused),  // refused: counts, unjustified
        ])
        #expect(summary.incidents == 2)
        #expect(summary.lateness == 0)
        #expect(summary.halfDaysAbsent == 2)
        #expect(summary.unjustifiedHalfDays == 2)
    }

    @Test func fourUnjustifiedHalfDaysInAMonthRaiseAnAlert() {
        let days = (0..<4).map { Self.monday.adding(days: $0) }  // 23–26 November
        let four = days.map { Self.event($0, 9) }
        let alerts = AttendanceSummary.alerts(four + [Self.event(Self.monday, 9, pupil: W.otherPupil.id)])
        #expect(alerts.count == 1)
        #expect(alerts.first?.pupilID == W.pupil.user.id)
        #expect(alerts.first?.month == "2026-11")
        #expect(alerts.first?.unjustifiedHalfDays == 4)

        #expect(AttendanceSummary.alerts(four.dropLast()).isEmpty, "three is below the threshold")
        let lastDay = LocalDate(iso: "2026-11-30")!
        let split = [Self.event(lastDay, 9), Self.event(lastDay, 14), Self.event(lastDay.adding(days: 1), 9), Self.event(lastDay.adding(days: 1), 14)]
        #expect(AttendanceSummary.alerts(split).isEmpty, "two in November, two in December")
        var withIncident = four
        withIncident[0].incident = .window(Self.window.id)
        #expect(AttendanceSummary.alerts(withIncident).isEmpty, "an incident never counts")
        var justified = four
        justified[3].justification = .accepted
        justified[3].reason = Self.illness
        #expect(AttendanceSummary.alerts(justified).isEmpty)
    }

    // MARK: who may

    static let occurrence = CourseOccurrence(course: course(), plannedDate: monday, change: nil)
    static let replaced = CourseOccurrence(
        course: course(), plannedDate: monday, change: CourseChange(courseID: course().id, schoolID: W.school.id, date: monday, teacherIDs: [W.colleague.user.id], updatedAt: Date()))
    static let foreignOccurrence = CourseOccurrence(course: course(school: W.otherSchool), plannedDate: monday, change: nil)
    static let ofAgePupil = W.pupil.user.id

    static let table: [(String, Viewer, AccessPolicy.Action, Bool)] = [
        ("teacher takes own course's roll", W.teacher, .takeRoll(occurrence), true),
        ("colleague takes another's roll", W.colleague, .takeRoll(occurrence), false),
        ("replacement takes the roll", W.colleague, .takeRoll(replaced), true),
        ("replaced teacher no longer takes it", W.teacher, .takeRoll(replaced), false),
        ("replaced teacher still reads it", W.teacher, .readRoll(replaced), true),
        ("staff take the roll", W.staff, .takeRoll(occurrence), true),
        ("other school's staff", W.foreignStaff, .takeRoll(occurrence), false),
        ("teacher of a same-id course elsewhere", W.teacher, .takeRoll(foreignOccurrence), false),
        ("pupil takes the roll", W.pupil, .takeRoll(occurrence), false),
        ("guardian reads the roll", W.guardian, .readRoll(occurrence), false),
        ("pupil reads own record", W.pupil, .readPupilAttendance(pupilID: W.pupil.user.id, schoolID: W.school.id), true),
        ("pupil reads another's record", W.pupil, .readPupilAttendance(pupilID: W.otherPupil.id, schoolID: W.school.id), false),
        ("guardian reads child's record", W.guardian, .readPupilAttendance(pupilID: W.pupil.user.id, schoolID: W.school.id), true),
        ("guardian reads another's record", W.guardian, .readPupilAttendance(pupilID: W.otherPupil.id, schoolID: W.school.id), false),
        ("teacher reads a pupil's record", W.teacher, .readPupilAttendance(pupilID: W.pupil.user.id, schoolID: W.school.id), false),
        ("staff read a record", W.staff, .readPupilAttendance(pupilID: W.pupil.user.id, schoolID: W.school.id), true),
        ("other school's staff read it", W.foreignStaff, .readPupilAttendance(pupilID: W.pupil.user.id, schoolID: W.school.id), false),
        ("guardian justifies child", W.guardian, .justify(pupilID: W.pupil.user.id, schoolID: W.school.id, pupilMayJustify: false), true),
        ("guardian justifies another family's child", W.guardian, .justify(pupilID: W.otherPupil.id, schoolID: W.school.id, pupilMayJustify: true), false),
        ("pupil justifies when not allowed", W.pupil, .justify(pupilID: W.pupil.user.id, schoolID: W.school.id, pupilMayJustify: false), false),
        ("pupil of age justifies own", W.pupil, .justify(pupilID: ofAgePupil, schoolID: W.school.id, pupilMayJustify: true), true),
        ("pupil justifies another", W.pupil, .justify(pupilID: W.otherPupil.id, schoolID: W.school.id, pupilMayJustify: true), false),
        ("staff justify (they decide instead)", W.staff, .justify(pupilID: W.pupil.user.id, schoolID: W.school.id, pupilMayJustify: true), false),
        ("staff manage", W.staff, .manageAttendance(schoolID: W.school.id), true),
        ("teacher manages", W.teacher, .manageAttendance(schoolID: W.school.id), false),
        ("other school's staff manage", W.foreignStaff, .manageAttendance(schoolID: W.school.id), false),
    ]

    @Test func thePolicyDecidesAttendanceRoleByRole() {
        let policy = AccessPolicy()
        for (name, viewer, action, allowed) in Self.table {
            #expect(policy.allows(viewer, action) == allowed, "\(name)")
        }
    }
}
