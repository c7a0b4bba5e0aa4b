import CartableCore
import Foundation
import Testing

/// Staff's extra course (once: a catch-up, a test): every rule about its input, as a table.
@Suite struct ExtraCourseInputTests {
    static let id = WeeklyCourse.ID(rawValue: "00000000-0000-4000-8000-300000000099")
    static let classA = TimetableCalendarTests.classA
    static let school = TimetableCalendarTests.school
    static let today = LocalDate(iso: "2026-11-23")!
    static let teacher = TimetableCalendarTests.teacher.rawValue

    static func good(_ change: (inout ExtraCourseInput) -> Void = { _ in }) -> ExtraCourseInput {
        var input = ExtraCourseInput(date: "2026-11-25", start: "14:00", end: "15:30", subject: " Rattrapage ", teacherID: teacher, room: " B12 ")
        change(&input)
        return input
    }

    static func validated(_ input: ExtraCourseInput) throws(ValidationError) -> WeeklyCourse {
        try input.validated(id: id, classID: classA, schoolID: school, today: today)
    }

    @Test func aGoodInputIsACourseOfThatDayOnly() throws {
        let course = try Self.validated(Self.good())
        #expect(course.isExtra && course.id == Self.id && course.classID == Self.classA && course.schoolID == Self.school)
        #expect(course.validFrom == LocalDate(iso: "2026-11-25") && course.validUntil == course.validFrom && course.weekday == 3)
        #expect(course.start.text == "14:00" && course.end.text == "15:30" && course.subject == "Rattrapage" && course.room == "B12")
        #expect(course.teacherIDs.map(\.rawValue) == [Self.teacher] && course.weeks == .every)
        // A Saturday, a holiday's day and a day of last week are fine; no room is fine.
        for date in ["2026-11-28", "2026-12-23", "2026-11-16"] {
            #expect(try Self.validated(Self.good { $0.date = date }).validFrom.iso == date)
        }
        #expect(try Self.validated(Self.good { $0.room = nil }).room.isEmpty)
    }

    static let bad: [(ExtraCourseInput, String, FieldIssue.Problem)] = [
        (good { $0.date = nil }, "date", .required),
        (good { $0.date = "25/11/2026" }, "date", .invalidDate),
        (good { $0.date = "2026-02-30" }, "date", .invalidDate),
        (good { $0.date = "2026-11-29" }, "date", .invalidChoice),  // a Sunday
        (good { $0.date = "2027-12-06" }, "date", .dateOutOfRange),
        (good { $0.date = "2026-09-07" }, "date", .dateOutOfRange),
        (good { $0.start = "" }, "start", .required),
        (good { $0.end = nil }, "end", .required),
        (good { $0.start = "25:00" }, "start", .invalidTime),
        (good { $0.end = "14:00" }, "end", .endBeforeStart),
        (good { $0.end = "13:00" }, "end", .endBeforeStart),
        (good { $0.start = "21:00"; $0.end = "23:00" }, "start", .outsideSchoolDay(fromHour: 6, toHour: 22)),
        (good { $0.subject = "  " }, "subject", .required),
        (good { $0.subject = String(repeating: "x", count: 81) }, "subject", .tooLong(max: 80)),
        (good { $0.teacherID = nil }, "teacherID", .required),
        (good { $0.teacherID = "robert'); DROP TABLE users" }, "teacherID", .invalidChoice),
        (good { $0.room = String(repeating: "x", count: 41) }, "room", .tooLong(max: 40)),
    ]

    @Test(arguments: bad.indices)
    func badInputIsRefusedNamingTheField(index: Int) {
        let (input, field, problem) = Self.bad[index]
        do {
            _ = try Self.validated(input)
            Issue.record("accepted \(input)")
        } catch {
            #expect(error.problem(for: field) == problem, "\(input): \(error.issues)")
        }
    }

    @Test func everyProblemIsSaidAtOnce() {
        do {
            _ = try Self.validated(ExtraCourseInput())
            Issue.record("accepted an empty form")
        } catch {
            #expect(Set(error.issues.map(\.field)) == ["date", "start", "end", "subject", "teacherID"])
        }
    }
}
