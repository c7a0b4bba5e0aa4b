import CartableCore
import CartableStore
import Foundation

/// The demo collège's school year and weekly timetable: about 26 hours a week per pupil, language groups
/// shared by the divisions of a level, sciences alternating week A and week B, and a few one-off changes
/// around today so that *Aujourd'hui* shows what a change looks like.
///
/// Built by a small greedy scheduler: each lesson of ``DemoSchool/courses`` takes the earliest start on its
/// weekday (or, failing that, another day) where its class and its teacher are free. Same every run.
extension DemoSchool {
    /// The school year containing `today`: 1 September to early July, with holidays close to the Paris zone's.
    public func schoolYear(containing today: LocalDate) -> SchoolYear {
        let (year, month, _) = today.components
        let first = month >= 8 ? year : year - 1
        func saturdayOnOrAfter(_ y: Int, _ m: Int, _ d: Int) -> LocalDate {
            var day = LocalDate(year: y, month: m, day: d)!
            while day.isoWeekday != 6 { day = day.adding(days: 1) }
            return day
        }
        func holiday(_ name: String, _ start: LocalDate) -> SchoolYear.Holiday {
            SchoolYear.Holiday(name: name, firstDay: start, lastDay: start.adding(days: 15))
        }
        let start = LocalDate(year: first, month: 9, day: 1)!
        return SchoolYear(
            schoolID: school.id, firstDay: start, lastDay: LocalDate(year: first + 1, month: 7, day: 4)!, weekAMonday: start.startOfWeek,
            holidays: [
                holiday("Vacances de la Toussaint", saturdayOnOrAfter(first, 10, 17)),
                holiday("Vacances de Noël", saturdayOnOrAfter(first, 12, 19)),
                holiday("Vacances d'hiver", saturdayOnOrAfter(first + 1, 2, 13)),
                holiday("Vacances de printemps", saturdayOnOrAfter(first + 1, 4, 10)),
            ])
    }

    /// The weekly courses of every class and group, valid all year.
    public func weeklyCourses(for year: SchoolYear) -> [WeeklyCourse] {
        var random = SeededGenerator(seed: 20_210_407 &+ UInt64(number) &* 104_729 &+ UInt64(bitPattern: Int64(year.firstDay.dayNumber)))
        var scheduler = DemoScheduler()
        let classes = Dictionary(roster.classes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let divisionsByLevel = Dictionary(grouping: roster.classes.filter { $0.kind == .division }, by: \.level)
        var rooms: [User.ID: String] = [:]
        func room(of teacher: User.ID, subject: String) -> String {
            if subject == "EPS" { return "Gymnase" }
            if let room = rooms[teacher] { return room }
            let building = ["A", "B", "C"][rooms.count % 3]
            let room = "\(building)\(rooms.count / 3 < 9 ? "0" : "")\(rooms.count / 3 + 1)"
            rooms[teacher] = room
            return room
        }
        var result: [WeeklyCourse] = []
        // Spanish and German of a level at the same hours when their teachers allow: a pupil takes one of them.
        var secondLanguageSlots: [String: [(Int, Int)]] = [:]
        func add(_ course: Course, weekday: Int, minutes: Int, weeks: WeeklyCourse.Weeks, blocking: [SchoolClass.ID], lesson: Int = 0) {
            let level = classes[course.classID]?.level ?? ""
            var placed: (Int, Int)?
            if course.subject == "Allemand", let slot = secondLanguageSlots[level]?.dropFirst(lesson).first,
                scheduler.place(minutes: minutes, at: slot, classes: [course.classID], teacher: course.teacherID)
            {
                placed = slot
            }
            guard let (day, start) = placed ?? scheduler.place(minutes: minutes, preferring: weekday, classes: blocking, teacher: course.teacherID)
            else { return }
            if course.subject == "Espagnol" { secondLanguageSlots[level, default: []].append((day, start)) }
            result.append(
                WeeklyCourse(
                    id: WeeklyCourse.ID(rawValue: random.uuid()), schoolID: school.id, classID: course.classID, subject: course.subject,
                    teacherIDs: [course.teacherID], room: room(of: course.teacherID, subject: course.subject), weekday: day,
                    start: TimeOfDay(minutes: start)!, end: TimeOfDay(minutes: start + minutes)!, weeks: weeks, validFrom: year.firstDay,
                    validUntil: year.lastDay))
        }
        // Groups first: a language group takes the same hour from every division of its level.
        let ordered = courses.sorted { lhs, rhs in
            let lhsGroup = classes[lhs.classID]?.kind == .group
            let rhsGroup = classes[rhs.classID]?.kind == .group
            if lhsGroup != rhsGroup { return lhsGroup }
            if lhs.subject != rhs.subject, lhsGroup { return lhs.subject == "Espagnol" }
            return Self.minutes(of: lhs.subject, lesson: 0) > Self.minutes(of: rhs.subject, lesson: 0)
        }
        for course in ordered {
            guard let schoolClass = classes[course.classID] else { continue }
            let blocking = schoolClass.kind == .group ? (divisionsByLevel[schoolClass.level] ?? []).map(\.id) + [schoolClass.id] : [schoolClass.id]
            for (lesson, weekday) in course.weekdays.enumerated() {
                add(
                    course, weekday: weekday, minutes: Self.minutes(of: course.subject, lesson: lesson), weeks: .every, blocking: blocking,
                    lesson: lesson)
            }
            // Sciences: one more hour every other week, SVT in week A and physics in week B.
            if course.subject == "SVT" || course.subject == "Physique-chimie", let weekday = course.weekdays.first {
                add(course, weekday: weekday, minutes: 60, weeks: course.subject == "SVT" ? .weekA : .weekB, blocking: blocking)
            }
        }
        return result
    }

    /// A few one-off changes for the demo pupil's class around `today` (a room change and a cancellation
    /// today, a course moved on the next school day), planned on the given courses.
    public func demoChanges(of courses: [WeeklyCourse], year: SchoolYear, today: LocalDate, at instant: Date) -> [CourseChange] {
        guard let fourB = roster.classes.first(where: { $0.name == "4e B" }) else { return [] }
        let ofClass = courses.filter { $0.classID == fourB.id }
        func day(_ date: LocalDate) -> [CourseOccurrence] {
            TimetableCalendar.occurrences(of: ofClass, changes: [], year: year, in: date...date)
        }
        var changes: [CourseChange] = []
        let todays = day(today)
        if let first = todays.first {
            changes.append(CourseChange(courseID: first.course.id, schoolID: school.id, date: today, room: "B12", updatedAt: instant))
        }
        if todays.count >= 3, let last = todays.last {
            changes.append(
                CourseChange(courseID: last.course.id, schoolID: school.id, date: today, isCancelled: true, note: "Professeur absent", updatedAt: instant))
        }
        var next = today.adding(days: 1)
        while day(next).isEmpty && today.days(until: next) < 14 { next = next.adding(days: 1) }
        let nexts = day(next)
        if let moved = nexts.first, let end = nexts.map(\.end).max(), let start = TimeOfDay(minutes: max(end.minutes, 14 * 60)),
            let newEnd = TimeOfDay(minutes: start.minutes + moved.end.minutes - moved.start.minutes), newEnd.hour < 19
        {
            changes.append(
                CourseChange(courseID: moved.course.id, schoolID: school.id, date: next, start: start, end: newEnd, updatedAt: instant))
        }
        return changes
    }

    /// A few of today's courses of the demo pupil's class online: the next ones not yet over (or the day's last two
    /// in the evening), on BigBlueButton or Jitsi when the platform has one, else an external link (a public Jitsi
    /// room, as a school using its academy's visio would paste). `minute`: minutes since midnight now.
    public func demoLiveSettings(
        of courses: [WeeklyCourse], changes: [CourseChange], year: SchoolYear, today: LocalDate, minute: Int, kinds: Set<String>, room: String,
        at instant: Date
    ) -> [LiveSetting] {
        guard let fourB = roster.classes.first(where: { $0.name == "4e B" }) else { return [] }
        let todays = TimetableCalendar.occurrences(of: courses.filter { $0.classID == fourB.id }, changes: changes, year: year, in: today...today)
            .filter { !$0.isCancelled && $0.date == today }
        guard !todays.isEmpty else { return [] }
        let upcoming = todays.filter { $0.end.minutes > minute }
        let chosen = upcoming.isEmpty ? Array(todays.suffix(2)) : Array(upcoming.prefix(2))
        var modes: [LiveMode] = []
        if kinds.contains("bbb") { modes.append(.bigBlueButton) }
        if kinds.contains("jitsi") { modes.append(.jitsi(room: "cartable-demo-" + room)) }
        modes.append(.link("https://meet.jit.si/CartableDemo-" + room))
        return zip(chosen, modes).map { occurrence, mode in
            LiveSetting(courseID: occurrence.course.id, schoolID: school.id, plannedDate: occurrence.plannedDate, mode: mode, updatedAt: instant)
        }
    }

    /// How long a subject's lesson lasts, in minutes (`lesson`: its rank in the week).
    static func minutes(of subject: String, lesson: Int) -> Int {
        switch subject {
        case "Mathématiques": lesson == 0 ? 90 : 60
        case "Français": lesson == 0 ? 90 : 60
        case "Histoire-géographie", "Technologie", "EPS": 90
        case "Espagnol", "Allemand": 75
        default: 60
        }
    }
}

/// Places lessons in a week without two lessons of a class or a teacher at the same time.
struct DemoScheduler {
    /// When lessons may be, per weekday: mornings 8:00–12:00, afternoons 13:30–17:00, Wednesday afternoon free.
    static func windows(of weekday: Int) -> [Range<Int>] {
        switch weekday {
        case 3: [480..<720]
        case 1, 2, 4, 5: [480..<720, 810..<1020]
        default: []
        }
    }

    var busy: [String: [Range<Int>]] = [:]

    /// Places `minutes` at exactly `slot` (weekday, start) if every class and the teacher are free then.
    mutating func place(minutes: Int, at slot: (Int, Int), classes: [SchoolClass.ID], teacher: User.ID) -> Bool {
        let keys = classes.map { "c\($0)" } + ["t\(teacher)"]
        let range = (slot.0 * 1440 + slot.1)..<(slot.0 * 1440 + slot.1 + minutes)
        guard keys.allSatisfy({ key in !(busy[key] ?? []).contains { $0.overlaps(range) } }) else { return false }
        for key in keys { busy[key, default: []].append(range) }
        return true
    }

    /// The earliest (weekday, start) where `minutes` fit for every class and the teacher, on `preferring` first.
    mutating func place(minutes: Int, preferring weekday: Int, classes: [SchoolClass.ID], teacher: User.ID) -> (Int, Int)? {
        let keys = classes.map { "c\($0)" } + ["t\(teacher)"]
        for day in [weekday] + (1...5).filter({ $0 != weekday }) {
            for window in Self.windows(of: day) {
                var start = window.lowerBound
                while start + minutes <= window.upperBound {
                    let slot = (day * 1440 + start)..<(day * 1440 + start + minutes)
                    if keys.allSatisfy({ key in !(busy[key] ?? []).contains { $0.overlaps(slot) } }) {
                        for key in keys { busy[key, default: []].append(slot) }
                        return (day, start)
                    }
                    start += 15
                }
            }
        }
        return nil
    }
}
