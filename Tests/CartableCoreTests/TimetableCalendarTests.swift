import CartableCore
import Foundation
import Testing

/// Weekly courses, weeks A and B, holidays and one-off changes turned into dated courses.
@Suite struct TimetableCalendarTests {
    static let school = School.ID(rawValue: "00000000-0000-4000-8000-000000000001")
    static let classA = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000a")
    static let teacher = User.ID(rawValue: "00000000-0000-4000-8000-100000000004")
    static let colleague = User.ID(rawValue: "00000000-0000-4000-8000-100000000005")

    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }
    static func time(_ text: String) -> TimeOfDay { TimeOfDay(text: text)! }

    /// 2026-2027, week A from Monday 7 September, the Toussaint holiday 17 October – 1 November.
    static let year = SchoolYear(
        schoolID: school, firstDay: day("2026-09-01"), lastDay: day("2027-07-03"), weekAMonday: day("2026-09-09"),
        holidays: [.init(name: "Toussaint", firstDay: day("2026-10-17"), lastDay: day("2026-11-01"))])

    static func course(
        _ n: Int, weekday: Int = 1, _ start: String = "09:00", _ end: String = "10:00", weeks: WeeklyCourse.Weeks = .every,
        room: String = "A03", teachers: [User.ID] = [teacher], from: String = "2026-09-01", until: String? = nil, isExtra: Bool = false
    ) -> WeeklyCourse {
        WeeklyCourse(
            id: .init(rawValue: "00000000-0000-4000-8000-30000000000\(n)"), schoolID: school, classID: classA, subject: "Matière \(n)",
            teacherIDs: teachers, room: room, weekday: weekday, start: time(start), end: time(end), weeks: weeks, validFrom: day(from),
            validUntil: until.map(day), isExtra: isExtra)
    }

    static func week(_ monday: String) -> ClosedRange<LocalDate> { day(monday)...day(monday).adding(days: 6) }

    @Test func timesParseAsPeopleWriteThem() {
        #expect(TimeOfDay(text: "08:05")?.minutes == 485)
        #expect(TimeOfDay(text: "8:05")?.text == "08:05")
        #expect(TimeOfDay(text: "14h30")?.text == "14:30")
        #expect(TimeOfDay(text: "8h")?.text == "08:00")
        for bad in ["", "h", "hh", "24:00", "12:60", "12", "12:5", "ab:cd", "-1:00", "12:00:00", "１２:００"] {
            #expect(TimeOfDay(text: bad) == nil, "\(bad)")
        }
    }

    @Test func weeksAlternateByTheCalendarFromTheReferenceMonday() {
        // The reference is moved to its Monday (the 9th is a Wednesday).
        #expect(Self.year.weekAMonday == Self.day("2026-09-07"))
        #expect(Self.year.week(of: Self.day("2026-09-07")) == .weekA)
        #expect(Self.year.week(of: Self.day("2026-09-13")) == .weekA)
        #expect(Self.year.week(of: Self.day("2026-09-14")) == .weekB)
        // Holidays do not stop the alternation: 2 November is 8 weeks after 7 September.
        #expect(Self.year.week(of: Self.day("2026-11-02")) == .weekA)
        #expect(Self.year.week(of: Self.day("2026-11-23")) == .weekB)
        // Before the reference too.
        #expect(Self.year.week(of: Self.day("2026-09-01")) == .weekB)
        let noAlternation = SchoolYear(schoolID: Self.school, firstDay: Self.day("2026-09-01"), lastDay: Self.day("2027-07-03"), weekAMonday: nil, holidays: [])
        #expect(noAlternation.week(of: Self.day("2026-11-23")) == nil)
    }

    @Test func aWeekShowsEveryWeekAndTheRightLetter() {
        let courses = [Self.course(1), Self.course(2, weekday: 2, weeks: .weekA), Self.course(3, weekday: 2, "10:00", "11:00", weeks: .weekB)]
        let weekB = TimetableCalendar.occurrences(of: courses, changes: [], year: Self.year, in: Self.week("2026-11-23"))
        #expect(weekB.map(\.course.subject) == ["Matière 1", "Matière 3"])
        #expect(weekB.map(\.date) == [Self.day("2026-11-23"), Self.day("2026-11-24")])
        let weekA = TimetableCalendar.occurrences(of: courses, changes: [], year: Self.year, in: Self.week("2026-11-30"))
        #expect(weekA.map(\.course.subject) == ["Matière 1", "Matière 2"])
        #expect(weekA.allSatisfy { !$0.isChanged })
    }

    @Test func nothingHappensInHolidaysOrOutsideTheYearOrThePeriod() {
        let courses = [Self.course(1), Self.course(2, from: "2026-11-30"), Self.course(3, until: "2026-11-22")]
        #expect(TimetableCalendar.occurrences(of: courses, changes: [], year: Self.year, in: Self.week("2026-10-19")).isEmpty)
        #expect(TimetableCalendar.occurrences(of: courses, changes: [], year: Self.year, in: Self.week("2027-07-05")).isEmpty)
        let november = TimetableCalendar.occurrences(of: courses, changes: [], year: Self.year, in: Self.day("2026-11-16")...Self.day("2026-12-06"))
        #expect(november.map(\.course.subject) == ["Matière 1", "Matière 3", "Matière 1", "Matière 1", "Matière 2"])
    }

    @Test func aChangeIsAChangeOfThatCourseOnThatDay() {
        let maths = Self.course(1)
        let at = Date(timeIntervalSince1970: 0)
        let monday = Self.day("2026-11-23")
        let changes = [
            CourseChange(courseID: maths.id, schoolID: Self.school, date: monday, room: "B12", teacherIDs: [Self.colleague], updatedAt: at),
            CourseChange(courseID: maths.id, schoolID: Self.school, date: monday.adding(days: 7), isCancelled: true, note: "Sortie", updatedAt: at),
            CourseChange(courseID: maths.id, schoolID: Self.school, date: monday.adding(days: 14), start: Self.time("14:00"), end: Self.time("15:00"), updatedAt: at),
        ]
        let three = TimetableCalendar.occurrences(of: [maths], changes: changes, year: Self.year, in: monday...monday.adding(days: 20))
        #expect(three.count == 3)
        #expect(three[0].room == "B12" && three[0].isRoomChanged && three[0].isReplaced && !three[0].isMoved && !three[0].isCancelled)
        #expect(three[0].teacherIDs == [Self.colleague] && three[0].course.room == "A03")
        #expect(three[1].isCancelled && !three[1].isRoomChanged && three[1].change?.note == "Sortie")
        #expect(three[2].isMoved && three[2].start == Self.time("14:00") && three[2].date == three[2].plannedDate)
        #expect(three.allSatisfy { $0.isChanged })
    }

    @Test func aCourseMovedToAnotherDayShowsOnItsNewDayOnly() {
        let maths = Self.course(1)
        let monday = Self.day("2026-11-23")
        let moved = CourseChange(
            courseID: maths.id, schoolID: Self.school, date: monday, movedToDate: monday.adding(days: 3), start: Self.time("15:00"),
            end: Self.time("16:00"), updatedAt: Date(timeIntervalSince1970: 0))
        let week = TimetableCalendar.occurrences(of: [maths], changes: [moved], year: Self.year, in: Self.week("2026-11-23"))
        #expect(week.count == 1)
        #expect(week.first?.date == monday.adding(days: 3) && week.first?.plannedDate == monday && week.first?.isMoved == true)
        // Moved into a range that does not hold the day it was planned on; and out of the range of its planned day.
        let thursday = TimetableCalendar.occurrences(of: [maths], changes: [moved], year: Self.year, in: monday.adding(days: 3)...monday.adding(days: 3))
        #expect(thursday.count == 1)
        #expect(TimetableCalendar.occurrences(of: [maths], changes: [moved], year: Self.year, in: monday...monday).isEmpty)
    }

    @Test func anExtraCourseHappensOnceEvenInAHoliday() {
        let extra = Self.course(4, weekday: 3, from: "2026-10-21", until: "2026-10-21", isExtra: true)
        let occurrences = TimetableCalendar.occurrences(of: [extra], changes: [], year: Self.year, in: Self.day("2026-10-01")...Self.day("2026-11-30"))
        #expect(occurrences.map(\.date) == [Self.day("2026-10-21")])
        #expect(occurrences.first?.isChanged == true)
    }

    @Test func clashesAreTheSameTeacherOrRoomAtOverlappingTimes() {
        let maths = Self.course(1)
        let sameRoomLater = Self.course(2, "10:00", "11:00")
        let sameTeacherOverlapping = Self.course(3, "09:30", "10:30", room: "B01")
        let otherTeacherOtherRoom = Self.course(4, room: "B02", teachers: [Self.colleague])
        let sameRoomOtherDay = Self.course(5, weekday: 2)
        let weekA = Self.course(6, weeks: .weekA)
        let weekB = Self.course(7, weeks: .weekB)
        let earlierPeriod = Self.course(8, from: "2026-09-01", until: "2026-10-16")
        let laterPeriod = Self.course(9, from: "2026-11-02")
        let all = [maths, sameRoomLater, sameTeacherOverlapping, otherTeacherOtherRoom, sameRoomOtherDay, weekA, weekB, earlierPeriod, laterPeriod]
        #expect(TimetableCalendar.clashes(of: maths, with: all).map(\.id) == [sameTeacherOverlapping, weekA, weekB, earlierPeriod, laterPeriod].map(\.id))
        #expect(TimetableCalendar.clashes(of: weekA, with: [weekB]).isEmpty)
        #expect(TimetableCalendar.clashes(of: earlierPeriod, with: [laterPeriod]).isEmpty)
    }

    @Test func givenWhoIsInWhichClassTheSamePupilsClashButTwoGroupsOfADivisionDoNot() {
        let division = Self.classA
        let german = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000b")
        let spanish = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000c")
        let otherDivision = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000d")
        // Two pupils of the division, one in each language group; a pupil of the other division is in neither.
        let pupils = SharedPupils(classesOfPupils: [[division, german], [spanish, division], [otherDivision]])
        #expect(pupils.share(division, german) && pupils.share(spanish, division) && pupils.share(german, german))
        #expect(!pupils.share(german, spanish) && !pupils.share(division, otherDivision))
        #expect(SharedPupils([(german, division)]) == SharedPupils([(division, german)]), "in either order")

        func course(_ n: Int, _ classID: SchoolClass.ID) -> WeeklyCourse {
            var course = Self.course(n, room: "R\(n)", teachers: [User.ID(rawValue: "00000000-0000-4000-8000-10000000010\(n)")])
            course.classID = classID
            return course
        }
        let inDivision = course(1, division)
        let inGerman = course(2, german)
        let inSpanish = course(3, spanish)
        let inOther = course(4, otherDivision)
        #expect(TimetableCalendar.clashes(of: inDivision, with: [inGerman, inSpanish, inOther]).isEmpty, "without pupils, only teachers and rooms")
        #expect(TimetableCalendar.clashes(of: inDivision, with: [inGerman, inSpanish, inOther], pupils: pupils).map(\.id) == [inGerman, inSpanish].map(\.id))
        #expect(TimetableCalendar.clashes(of: inGerman, with: [inSpanish, inOther], pupils: pupils).isEmpty)
        #expect(TimetableCalendar.clashes(of: inOther, with: [course(5, otherDivision)], pupils: .noneShared).count == 1, "its own class always")
    }
}
