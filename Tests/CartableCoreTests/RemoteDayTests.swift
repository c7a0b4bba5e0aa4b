import CartableCore
import Foundation
import Testing

/// A day declared remote, as typed and as it covers courses, and when a pupil is of age.
@Suite struct RemoteDayTests {
    static let school = School.ID(rawValue: "00000000-0000-4000-8000-000000000a01")
    static let otherSchool = School.ID(rawValue: "00000000-0000-4000-8000-000000000a02")
    static let today = LocalDate(iso: "2026-11-23")!
    static let classA = SchoolClass(id: .init(rawValue: "00000000-0000-4000-8000-000000000c01"), schoolID: school, name: "4e B", kind: .division, level: "4e")
    static let classB = SchoolClass(id: .init(rawValue: "00000000-0000-4000-8000-000000000c02"), schoolID: school, name: "4e C", kind: .division, level: "4e")
    static let elsewhere = SchoolClass(
        id: .init(rawValue: "00000000-0000-4000-8000-000000000c03"), schoolID: otherSchool, name: "6e A", kind: .division, level: "6e")
    static let id = RemoteDay.ID(rawValue: "00000000-0000-4000-8000-000000000d01")

    static func validated(_ input: RemoteDayInput) throws(ValidationError) -> RemoteDay {
        try input.validated(id: id, schoolID: school, classes: [classA, classB, elsewhere], today: today)
    }

    @Test func aDayIsForTheWholeSchoolOrOneOfItsClasses() throws {
        let whole = try Self.validated(RemoteDayInput(day: "2026-11-23", classID: "all", note: "  Neige : collège fermé.\n"))
        #expect(whole == RemoteDay(id: Self.id, schoolID: Self.school, day: Self.today, classID: nil, note: "Neige : collège fermé."))
        #expect(try Self.validated(RemoteDayInput(day: "2026-11-23")).classID == nil, "no choice: the whole school")
        #expect(try Self.validated(RemoteDayInput(day: "2026-12-01", classID: Self.classB.id.rawValue)).classID == Self.classB.id)
        // A term back and two months ahead, no further.
        #expect(try Self.validated(RemoteDayInput(day: Self.today.adding(days: -120).iso)).day == Self.today.adding(days: -120))
        #expect(try Self.validated(RemoteDayInput(day: Self.today.adding(days: 60).iso)).day == Self.today.adding(days: 60))
    }

    static let bad: [(RemoteDayInput, String, FieldIssue.Problem)] = [
        (RemoteDayInput(), "day", .required),
        (RemoteDayInput(day: "  "), "day", .required),
        (RemoteDayInput(day: "2026-11-31"), "day", .invalidDate),
        (RemoteDayInput(day: "lundi"), "day", .invalidDate),
        (RemoteDayInput(day: today.adding(days: 61).iso), "day", .dateOutOfRange),
        (RemoteDayInput(day: today.adding(days: -121).iso), "day", .dateOutOfRange),
        (RemoteDayInput(day: "2026-11-23", classID: elsewhere.id.rawValue), "classID", .invalidChoice),
        (RemoteDayInput(day: "2026-11-23", classID: "00000000-0000-4000-8000-000000000cff"), "classID", .invalidChoice),
        (RemoteDayInput(day: "2026-11-23", classID: "4e B"), "classID", .invalidChoice),
        (RemoteDayInput(day: "2026-11-23", note: String(repeating: "a", count: 301)), "note", .tooLong(max: 300)),
    ]

    @Test(arguments: bad)
    func aBadDayIsRefusedWithItsReason(input: RemoteDayInput, field: String, problem: FieldIssue.Problem) {
        #expect(throws: ValidationError.self) { try Self.validated(input) }
        do {
            _ = try Self.validated(input)
        } catch {
            #expect(error.problem(for: field) == problem, "\(input)")
        }
    }

    @Test func aDayCoversTheCoursesOfItsClassOnThatDayOnly() {
        func occurrence(_ schoolClass: SchoolClass, on day: LocalDate, cancelled: Bool = false) -> CourseOccurrence {
            let course = WeeklyCourse(
                id: .init(rawValue: "00000000-0000-4000-8000-000000000e01"), schoolID: schoolClass.schoolID, classID: schoolClass.id, subject: "Maths",
                teacherIDs: [], room: "A03", weekday: day.isoWeekday, start: TimeOfDay(minutes: 540)!, end: TimeOfDay(minutes: 600)!,
                validFrom: day.adding(days: -30))
            let change = cancelled
                ? CourseChange(courseID: course.id, schoolID: course.schoolID, date: day, isCancelled: true, updatedAt: Date(timeIntervalSince1970: 0))
                : nil
            return CourseOccurrence(course: course, plannedDate: day, change: change)
        }
        let forA = RemoteDay(id: Self.id, schoolID: Self.school, day: Self.today, classID: Self.classA.id)
        let whole = RemoteDay(id: Self.id, schoolID: Self.school, day: Self.today, classID: nil)
        #expect(forA.covers(occurrence(Self.classA, on: Self.today)))
        #expect(!forA.covers(occurrence(Self.classB, on: Self.today)))
        #expect(!forA.covers(occurrence(Self.classA, on: Self.today.adding(days: 1))))
        #expect(whole.covers(occurrence(Self.classB, on: Self.today)))
        #expect(!whole.covers(occurrence(Self.elsewhere, on: Self.today)), "another school's course")
        #expect([whole].covering(occurrence(Self.classA, on: Self.today, cancelled: true)) == nil, "a cancelled course is no course")
    }

    @Test func aRemoteDaysCourseIsCoveredByAPlatformIncidentNotByALiveClassesOne() {
        let start = Date(timeIntervalSince1970: 1_795_420_800)
        let end = start.addingTimeInterval(3_600)
        func window(_ scope: IncidentWindow.Scope) -> IncidentWindow {
            IncidentWindow(id: .init(rawValue: "00000000-0000-4000-8000-000000000f01"), start: start, end: end, schoolIDs: [Self.school], scope: scope)
        }
        // A course at home through Cartable (not a live class) needs the platform, not the video servers.
        #expect(window(.platform).covers(schoolID: Self.school, from: start, to: end, liveClass: false, videoServer: ""))
        #expect(!window(.liveClasses).covers(schoolID: Self.school, from: start, to: end, liveClass: false, videoServer: ""))
        #expect(window(.liveClasses).covers(schoolID: Self.school, from: start, to: end, liveClass: true, videoServer: ""))
    }

    static let ages: [(String, String, Bool)] = [
        ("2008-11-23", "2026-11-23", true),  // the eighteenth birthday
        ("2008-11-24", "2026-11-23", false),  // the day before
        ("2008-12-01", "2026-11-23", false),
        ("1990-05-02", "2026-11-23", true),
        ("2012-01-10", "2026-11-23", false),
        ("2008-02-29", "2026-02-28", false),  // born on 29 February: not yet on the 28th
        ("2008-02-29", "2026-03-01", true),
    ]

    @Test(arguments: ages)
    func aPupilIsOfAgeFromTheirEighteenthBirthday(born: String, on day: String, ofAge: Bool) {
        #expect(AttendanceSettings.isOfAge(bornOn: LocalDate(iso: born), on: LocalDate(iso: day)!) == ofAge)
    }

    @Test func pupilsJustifyOnlyWhenTheSchoolSaysSoAndTheyAreOfAge() {
        let adult = LocalDate(iso: "2007-01-01")
        let minor = LocalDate(iso: "2010-01-01")
        #expect(!AttendanceSettings().pupilMayJustify(bornOn: adult, on: Self.today), "off by default")
        #expect(AttendanceSettings(pupilsOfAgeJustify: true).pupilMayJustify(bornOn: adult, on: Self.today))
        #expect(!AttendanceSettings(pupilsOfAgeJustify: true).pupilMayJustify(bornOn: minor, on: Self.today))
        #expect(!AttendanceSettings(pupilsOfAgeJustify: true).pupilMayJustify(bornOn: nil, on: Self.today), "no birth date on record")
    }
}
