import CartableCore
import Foundation
import Testing

/// Staff's change of one occurrence: every rule about its input, as a table.
@Suite struct CourseChangeInputTests {
    static let course = TimetableCalendarTests.course(1)
    static let monday = LocalDate(iso: "2026-11-23")!
    static let at = Date(timeIntervalSince1970: 1_795_420_800)

    static func change(_ input: CourseChangeInput) throws(ValidationError) -> CourseChange? {
        try input.validated(for: course, plannedDate: monday, at: at)
    }

    @Test func aRoomChangeIsJustTheRoom() throws {
        let change = try #require(try Self.change(CourseChangeInput(room: " B12 ")))
        #expect(change.room == "B12" && !change.isCancelled && change.start == nil && change.movedToDate == nil && change.teacherIDs == nil)
        #expect(change.courseID == Self.course.id && change.date == Self.monday && change.updatedAt == Self.at)
    }

    @Test func aNewStartAloneKeepsTheLength() throws {
        let change = try #require(try Self.change(CourseChangeInput(start: "14:00")))
        #expect(change.start?.text == "14:00" && change.end?.text == "15:00")
        let moved = try #require(try Self.change(CourseChangeInput(date: "2026-11-26", start: "8:00", end: "9:30")))
        #expect(moved.movedToDate == LocalDate(iso: "2026-11-26") && moved.end?.text == "09:30")
    }

    @Test func aCancellationDropsTheRestButKeepsTheNote() throws {
        let change = try #require(try Self.change(CourseChangeInput(cancelled: "on", room: "B12", start: "14:00", note: "Sortie au musée")))
        #expect(change.isCancelled && change.room == nil && change.start == nil && change.note == "Sortie au musée")
    }

    @Test func whatRepeatsTheWeeklyCourseIsNoChange() throws {
        #expect(try Self.change(CourseChangeInput()) == nil)
        #expect(try Self.change(CourseChangeInput(room: "A03", date: "2026-11-23", start: "09:00", end: "10:00", teacherID: Self.course.teacherIDs[0].rawValue)) == nil)
    }

    /// A course the timetable placed late (an evening study, an import at 21:40) can still change room: the school
    /// day's limits hold a new time only. Moving it later still is refused.
    @Test func aLateCourseChangesRoomButCannotMoveLater() throws {
        var late = Self.course
        late.start = try #require(TimeOfDay(text: "21:41"))
        late.end = try #require(TimeOfDay(text: "22:11"))
        let change = try #require(try CourseChangeInput(room: "Z12", start: "21:41", end: "22:11").validated(for: late, plannedDate: Self.monday, at: Self.at))
        #expect(change.room == "Z12" && change.start == nil && change.end == nil)
        #expect(throws: ValidationError.self) { try CourseChangeInput(start: "22:30").validated(for: late, plannedDate: Self.monday, at: Self.at) }
    }

    static let bad: [(CourseChangeInput, String, FieldIssue.Problem)] = [
        (CourseChangeInput(start: "10:00", end: "09:00"), "end", .endBeforeStart),
        (CourseChangeInput(start: "10:00", end: "10:00"), "end", .endBeforeStart),
        (CourseChangeInput(end: "08:30"), "end", .endBeforeStart),
        (CourseChangeInput(start: "25:00"), "start", .invalidTime),
        (CourseChangeInput(end: "9h60"), "end", .invalidTime),
        (CourseChangeInput(start: "05:00", end: "06:00"), "start", .outsideSchoolDay(fromHour: 6, toHour: 22)),
        (CourseChangeInput(date: "2026-02-30"), "date", .invalidDate),
        (CourseChangeInput(date: "23/11/2026"), "date", .invalidDate),
        (CourseChangeInput(date: "2027-03-01"), "date", .dateOutOfRange),
        (CourseChangeInput(date: "2026-11-29"), "date", .invalidChoice),
        (CourseChangeInput(room: String(repeating: "x", count: 41)), "room", .tooLong(max: 40)),
        (CourseChangeInput(note: String(repeating: "x", count: 201)), "note", .tooLong(max: 200)),
        (CourseChangeInput(teacherID: "robert'); DROP TABLE users"), "teacherID", .invalidChoice),
    ]

    @Test(arguments: bad.indices)
    func badInputIsRefusedNamingTheField(index: Int) {
        let (input, field, problem) = Self.bad[index]
        do {
            _ = try Self.change(input)
            Issue.record("accepted \(input)")
        } catch {
            #expect(error.problem(for: field) == problem, "\(input): \(error.issues)")
        }
    }
}
