import CartableCore
import Foundation

/// ``TimetableStore`` on SQLite or PostgreSQL.
///
/// Every write bumps the content versions of what it changes (the classes', the teachers' timetables, or
/// the school year) in its transaction, so that pages cached by those versions are never stale.
public struct SQLTimetableStore: TimetableStore {
    let database: any SQLDatabase
    let versions: ContentVersions

    /// Creates the store.
    public init(database: any SQLDatabase, versions: ContentVersions = ContentVersions()) {
        self.database = database
        self.versions = versions
    }

    public func schoolYear(of schoolID: School.ID) async throws -> SchoolYear? {
        try await database.read { connection in try await Self.schoolYear(of: schoolID, on: connection) }
    }

    static func schoolYear(of schoolID: School.ID, on connection: any SQLConnection) async throws -> SchoolYear? {
        guard
            let row = try await connection.query(
                "SELECT first_day, last_day, week_a_monday FROM school_years WHERE school_id = \(schoolID)"
            ).first
        else { return nil }
        let holidays = try await connection.query(
            "SELECT name, first_day, last_day FROM school_holidays WHERE school_id = \(schoolID) ORDER BY first_day"
        ).map { row in
            SchoolYear.Holiday(name: try row.decode("name"), firstDay: try row.decode("first_day"), lastDay: try row.decode("last_day"))
        }
        return SchoolYear(
            schoolID: schoolID, firstDay: try row.decode("first_day"), lastDay: try row.decode("last_day"),
            weekAMonday: try row.decode("week_a_monday"), holidays: holidays)
    }

    public func setSchoolYear(_ year: SchoolYear, at instant: Date) async throws {
        let bumped = try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO school_years (school_id, first_day, last_day, week_a_monday, updated_at)
                VALUES (\(year.schoolID), \(year.firstDay), \(year.lastDay), \(year.weekAMonday), \(instant))
                ON CONFLICT (school_id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day,
                    week_a_monday = excluded.week_a_monday, updated_at = excluded.updated_at
                """)
            try await connection.execute("DELETE FROM school_holidays WHERE school_id = \(year.schoolID)")
            try await BatchInsert.run(
                on: connection, table: "school_holidays", columns: ["school_id", "first_day", "last_day", "name"], rows: year.holidays
            ) { [year.schoolID.sqlValue, $0.firstDay.sqlValue, $0.lastDay.sqlValue, $0.name.sqlValue] }
            return try await ContentVersions.bump(
                [ContentVersions.scope(ofSchoolYear: year.schoolID)], schoolID: year.schoolID, at: instant, on: connection)
        }
        versions.recordBumped(bumped, at: instant)
    }

    static let selectCourse = """
        SELECT c.id, c.school_id, c.class_id, c.subject, c.room, c.weekday, c.start_minute, c.end_minute, c.weeks, c.valid_from,
               c.valid_until, c.is_extra, k.name AS class_name
        FROM weekly_courses c JOIN classes k ON k.id = c.class_id
        """

    public func timetable(
        ofClasses classIDs: Set<SchoolClass.ID>, teacher teacherID: User.ID?, in schoolID: School.ID, range: ClosedRange<LocalDate>
    ) async throws -> TimetableSlice {
        try await database.read { connection in
            let year = try await Self.schoolYear(of: schoolID, on: connection)
            // Changes first: a change moved into the range may belong to a course valid only outside it,
            // and a replacement teacher's courses are found through the changes naming them.
            let changes = try await connection.query(
                """
                SELECT x.course_id, x.planned_date, x.is_cancelled, x.moved_to_date, x.start_minute, x.end_minute, x.room,
                       x.teacher_ids, x.note, x.updated_at
                FROM course_changes x JOIN weekly_courses c ON c.id = x.course_id
                WHERE x.school_id = \(schoolID)
                  AND ((x.planned_date >= \(range.lowerBound) AND x.planned_date <= \(range.upperBound))
                    OR (x.moved_to_date >= \(range.lowerBound) AND x.moved_to_date <= \(range.upperBound)))
                """
            ).map { try Self.change(from: $0, schoolID: schoolID) }
            let replacing =
                teacherID.map { teacher in changes.filter { $0.teacherIDs?.contains(teacher) ?? false }.map(\.courseID) } ?? []
            var filter: SQLQuery = "c.class_id IN (\(list: classIDs.sorted()))"
            if let teacherID {
                filter = "(\(filter) OR c.id IN (SELECT course_id FROM weekly_course_teachers WHERE teacher_id = \(teacherID) AND school_id = \(schoolID)) OR c.id IN (\(list: replacing.sorted())))"
            }
            let movedIn = changes.filter { $0.movedToDate.map(range.contains) ?? false }.map(\.courseID)
            var courses = try await connection.query(
                """
                \(raw: Self.selectCourse)
                WHERE c.school_id = \(schoolID) AND \(filter)
                  AND ((c.valid_from <= \(range.upperBound) AND (c.valid_until IS NULL OR c.valid_until >= \(range.lowerBound)))
                    OR c.id IN (\(list: movedIn.sorted())))
                ORDER BY c.weekday, c.start_minute, c.id
                """
            ).map(Self.course(from:))
            let teachers = try await Self.teachers(of: courses.map(\.course.id), on: connection)
            for index in courses.indices { courses[index].course.teacherIDs = teachers[courses[index].course.id] ?? [] }
            let courseIDs = Set(courses.map(\.course.id))
            let kept = changes.filter { courseIDs.contains($0.courseID) }
            let named = Set(courses.flatMap(\.course.teacherIDs) + kept.flatMap { $0.teacherIDs ?? [] })
            var names: [User.ID: String] = [:]
            if !named.isEmpty {
                for row in try await connection.query(
                    "SELECT id, first_name, last_name FROM users WHERE school_id = \(schoolID) AND id IN (\(list: named.sorted()))")
                {
                    let first: String = try row.decode("first_name")
                    let last: String = try row.decode("last_name")
                    names[try row.decode("id")] = "\(first) \(last)".trimmingCharacters(in: .whitespaces)
                }
            }
            let live = try await Self.live(of: courses.map(\.course.id), range: range, on: connection)
            let remote = try await SQLAttendanceStore.remoteDays(
                in: schoolID, range: range, classes: Set(courses.map(\.course.classID)).union(classIDs), on: connection)
            return TimetableSlice(
                year: year, courses: courses.map(\.course), changes: kept, live: live, teacherNames: names,
                classNames: Dictionary(courses.map { ($0.course.classID, $0.className) }, uniquingKeysWith: { first, _ in first }), remoteDays: remote)
        }
    }

    static func live(of courseIDs: [WeeklyCourse.ID], range: ClosedRange<LocalDate>, on connection: any SQLConnection) async throws
        -> [LiveSetting]
    {
        guard !courseIDs.isEmpty else { return [] }
        return try await connection.query(
            """
            SELECT course_id, school_id, planned_date, mode, link, updated_at FROM course_live
            WHERE course_id IN (\(list: courseIDs.sorted()))
              AND (planned_date = '' OR (planned_date >= \(range.lowerBound) AND planned_date <= \(range.upperBound)))
            """
        ).compactMap { row in
            let day: String = try row.decode("planned_date")
            guard let mode = LiveMode(kind: try row.decode("mode"), link: try row.decode("link")) else { return nil }
            return LiveSetting(
                courseID: try row.decode("course_id"), schoolID: try row.decode("school_id"), plannedDate: LocalDate(iso: day), mode: mode,
                updatedAt: try row.decode("updated_at"))
        }
    }

    public func setLive(_ setting: LiveSetting) async throws -> Bool {
        let bumped: [(String, Int64)]? = try await database.write { connection in
            guard
                let course = try await connection.query(
                    "\(raw: Self.selectCourse) WHERE c.id = \(setting.courseID) AND c.school_id = \(setting.schoolID)"
                ).first.map({ try Self.course(from: $0).course })
            else { return nil }
            let day = setting.plannedDate?.iso ?? ""
            if setting.mode == .room && setting.plannedDate == nil {
                try await connection.execute("DELETE FROM course_live WHERE course_id = \(course.id) AND planned_date = ''")
            } else {
                var link: String?
                if case .link(let address) = setting.mode { link = address }
                if case .jitsi(let room) = setting.mode { link = room }
                try await connection.execute(
                    """
                    INSERT INTO course_live (course_id, school_id, planned_date, mode, link, updated_at)
                    VALUES (\(course.id), \(setting.schoolID), \(day), \(setting.mode.kind), \(link), \(setting.updatedAt))
                    ON CONFLICT (course_id, planned_date) DO UPDATE SET mode = excluded.mode, link = excluded.link, updated_at = excluded.updated_at
                    """)
            }
            let teachers = try await Self.teachers(of: [course.id], on: connection)[course.id] ?? []
            return try await ContentVersions.bump(
                Self.scopes(of: course, teachers: teachers), schoolID: setting.schoolID, at: setting.updatedAt, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: setting.updatedAt)
        return true
    }

    public func recordJoin(
        courseID: WeeklyCourse.ID, plannedDate: LocalDate, userID: User.ID, role: String, in schoolID: School.ID, at instant: Date
    ) async throws {
        _ = try await database.writeStatement(
            """
            INSERT INTO course_joins (school_id, course_id, planned_date, user_id, role, joined_at)
            VALUES (\(schoolID), \(courseID), \(plannedDate), \(userID), \(role), \(instant))
            """)
    }

    public func joins(courseID: WeeklyCourse.ID, plannedDate: LocalDate, in schoolID: School.ID) async throws
        -> [(userID: User.ID, role: String, at: Date)]
    {
        try await database.query(
            """
            SELECT user_id, role, joined_at FROM course_joins
            WHERE school_id = \(schoolID) AND course_id = \(courseID) AND planned_date = \(plannedDate) ORDER BY joined_at, user_id
            """
        ).map { (try $0.decode("user_id"), try $0.decode("role"), try $0.decode("joined_at")) }
    }

    static func course(from row: SQLRow) throws -> (course: WeeklyCourse, className: String) {
        let start: Int = try row.decode("start_minute")
        let end: Int = try row.decode("end_minute")
        let weeks: String = try row.decode("weeks")
        let course = WeeklyCourse(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), classID: try row.decode("class_id"),
            subject: try row.decode("subject"), teacherIDs: [], room: try row.decode("room"), weekday: try row.decode("weekday"),
            start: TimeOfDay(minutes: start) ?? TimeOfDay(minutes: 0)!, end: TimeOfDay(minutes: end) ?? TimeOfDay(minutes: 0)!,
            weeks: WeeklyCourse.Weeks(rawValue: weeks) ?? .every, validFrom: try row.decode("valid_from"),
            validUntil: try row.decode("valid_until"), isExtra: try row.decode("is_extra"))
        return (course, try row.decode("class_name"))
    }

    static func teachers(of courseIDs: [WeeklyCourse.ID], on connection: any SQLConnection) async throws -> [WeeklyCourse.ID: [User.ID]] {
        guard !courseIDs.isEmpty else { return [:] }
        var result: [WeeklyCourse.ID: [User.ID]] = [:]
        for row in try await connection.query(
            "SELECT course_id, teacher_id FROM weekly_course_teachers WHERE course_id IN (\(list: courseIDs.sorted())) ORDER BY course_id, position")
        {
            result[try row.decode("course_id"), default: []].append(try row.decode("teacher_id"))
        }
        return result
    }

    static func change(from row: SQLRow, schoolID: School.ID) throws -> CourseChange {
        let start: Int? = try row.decode("start_minute")
        let end: Int? = try row.decode("end_minute")
        let teachers: String? = try row.decode("teacher_ids")
        return CourseChange(
            courseID: try row.decode("course_id"), schoolID: schoolID, date: try row.decode("planned_date"),
            isCancelled: try row.decode("is_cancelled"), movedToDate: try row.decode("moved_to_date"),
            start: start.flatMap(TimeOfDay.init(minutes:)), end: end.flatMap(TimeOfDay.init(minutes:)), room: try row.decode("room"),
            teacherIDs: teachers.map { $0.split(separator: " ").map { User.ID(rawValue: String($0)) } }, note: try row.decode("note"),
            updatedAt: try row.decode("updated_at"))
    }

    public func addCourses(_ courses: [WeeklyCourse], at instant: Date) async throws {
        guard let schoolID = courses.first?.schoolID else { return }
        let bumped = try await database.write { connection in
            try await Self.insert(courses, on: connection, at: instant)
            let scopes = Set(courses.map { ContentVersions.scope(ofTimetable: $0.classID) })
                .union(courses.flatMap { $0.teacherIDs.map(ContentVersions.scope(ofTeacherTimetable:)) })
            return try await ContentVersions.bump(scopes, schoolID: schoolID, at: instant, on: connection)
        }
        versions.recordBumped(bumped, at: instant)
    }

    public func courses(in schoolID: School.ID, validOnOrAfter day: LocalDate) async throws -> [WeeklyCourse] {
        try await database.read { connection in
            var courses = try await connection.query(
                """
                \(raw: Self.selectCourse) WHERE c.school_id = \(schoolID) AND (c.valid_until IS NULL OR c.valid_until >= \(day))
                ORDER BY c.weekday, c.start_minute, c.id
                """
            ).map { try Self.course(from: $0).course }
            let teachers = try await Self.teachers(of: courses.map(\.id), on: connection)
            for index in courses.indices { courses[index].teacherIDs = teachers[courses[index].id] ?? [] }
            return courses
        }
    }

    public func replaceCourses(
        ending: [WeeklyCourse.ID], deleting: [WeeklyCourse.ID], adding: [WeeklyCourse], from: LocalDate, in schoolID: School.ID, at instant: Date
    ) async throws {
        let bumped = try await database.write { connection in
            let touched = ending + deleting
            var scopes: Set<String> = []
            if !touched.isEmpty {
                for row in try await connection.query(
                    "SELECT class_id FROM weekly_courses WHERE school_id = \(schoolID) AND id IN (\(list: touched.sorted()))")
                {
                    scopes.insert(ContentVersions.scope(ofTimetable: try row.decode("class_id")))
                }
                for row in try await connection.query(
                    "SELECT teacher_id FROM weekly_course_teachers WHERE school_id = \(schoolID) AND course_id IN (\(list: touched.sorted()))")
                {
                    scopes.insert(ContentVersions.scope(ofTeacherTimetable: try row.decode("teacher_id")))
                }
            }
            if !ending.isEmpty {
                try await connection.execute(
                    """
                    UPDATE weekly_courses SET valid_until = \(from.adding(days: -1)), updated_at = \(instant)
                    WHERE school_id = \(schoolID) AND id IN (\(list: ending.sorted()))
                    """)
                // Changes planned on or after the day the course now ends go with what they changed.
                try await connection.execute(
                    "DELETE FROM course_changes WHERE school_id = \(schoolID) AND planned_date >= \(from) AND course_id IN (\(list: ending.sorted()))")
            }
            if !deleting.isEmpty {
                // A course whose roll was taken stays, valid on no day from `from` on: its attendance is the school's record.
                let recorded = Set(
                    try await connection.query(
                        """
                        SELECT course_id FROM rolls WHERE school_id = \(schoolID) AND course_id IN (\(list: deleting.sorted()))
                        UNION SELECT course_id FROM attendance_marks WHERE school_id = \(schoolID) AND course_id IN (\(list: deleting.sorted()))
                        """
                    ).map { try $0.decode("course_id") as WeeklyCourse.ID })
                let kept = deleting.filter(recorded.contains).sorted()
                let gone = deleting.filter { !recorded.contains($0) }.sorted()
                if !kept.isEmpty {
                    try await connection.execute(
                        """
                        UPDATE weekly_courses SET valid_until = \(from.adding(days: -1)), updated_at = \(instant)
                        WHERE school_id = \(schoolID) AND id IN (\(list: kept))
                        """)
                    try await connection.execute(
                        "DELETE FROM course_changes WHERE school_id = \(schoolID) AND planned_date >= \(from) AND course_id IN (\(list: kept))")
                }
                if !gone.isEmpty {
                    try await connection.execute("DELETE FROM course_changes WHERE school_id = \(schoolID) AND course_id IN (\(list: gone))")
                    try await connection.execute("DELETE FROM weekly_course_teachers WHERE school_id = \(schoolID) AND course_id IN (\(list: gone))")
                    try await connection.execute("DELETE FROM weekly_courses WHERE school_id = \(schoolID) AND id IN (\(list: gone))")
                }
            }
            try await Self.insert(adding, on: connection, at: instant)
            scopes.formUnion(adding.map { ContentVersions.scope(ofTimetable: $0.classID) })
            scopes.formUnion(adding.flatMap { $0.teacherIDs.map(ContentVersions.scope(ofTeacherTimetable:)) })
            return try await ContentVersions.bump(scopes, schoolID: schoolID, at: instant, on: connection)
        }
        versions.recordBumped(bumped, at: instant)
    }

    /// Inserts `courses` and their teachers.
    static func insert(_ courses: [WeeklyCourse], on connection: any SQLConnection, at instant: Date) async throws {
            try await BatchInsert.run(
                on: connection, table: "weekly_courses",
                columns: [
                    "id", "school_id", "class_id", "subject", "room", "weekday", "start_minute", "end_minute", "weeks", "valid_from", "valid_until",
                    "is_extra", "created_at", "updated_at",
                ], rows: courses
            ) { course in
                [
                    course.id.sqlValue, course.schoolID.sqlValue, course.classID.sqlValue, course.subject.sqlValue, course.room.sqlValue,
                    course.weekday.sqlValue, course.start.minutes.sqlValue, course.end.minutes.sqlValue, course.weeks.rawValue.sqlValue,
                    course.validFrom.sqlValue, course.validUntil.sqlValue, course.isExtra.sqlValue, instant.sqlValue, instant.sqlValue,
                ]
            }
            let teachings = courses.flatMap { course in course.teacherIDs.enumerated().map { (course, $0.element, $0.offset) } }
            try await BatchInsert.run(
                on: connection, table: "weekly_course_teachers", columns: ["course_id", "school_id", "teacher_id", "position"], rows: teachings
            ) { [$0.0.id.sqlValue, $0.0.schoolID.sqlValue, $0.1.sqlValue, $0.2.sqlValue] }
    }

    public func course(_ id: WeeklyCourse.ID, in schoolID: School.ID) async throws -> WeeklyCourse? {
        try await database.read { connection in
            guard var course = try await connection.query("\(raw: Self.selectCourse) WHERE c.id = \(id) AND c.school_id = \(schoolID)")
                .first.map({ try Self.course(from: $0).course })
            else { return nil }
            course.teacherIDs = try await Self.teachers(of: [id], on: connection)[id] ?? []
            return course
        }
    }

    public func setChange(_ change: CourseChange) async throws -> CourseChange? {
        let bumped: [(String, Int64)]? = try await database.write { connection in
            guard
                let course = try await connection.query(
                    "\(raw: Self.selectCourse) WHERE c.id = \(change.courseID) AND c.school_id = \(change.schoolID)"
                ).first.map({ try Self.course(from: $0).course })
            else { return nil }
            let previous = try await connection.query(
                "SELECT teacher_ids FROM course_changes WHERE course_id = \(change.courseID) AND planned_date = \(change.date)"
            ).first.map { row -> [User.ID] in
                let text: String? = try row.decode("teacher_ids")
                return text.map { $0.split(separator: " ").map { User.ID(rawValue: String($0)) } } ?? []
            }
            try await connection.execute(
                """
                INSERT INTO course_changes (course_id, school_id, planned_date, is_cancelled, moved_to_date, start_minute, end_minute, room,
                    teacher_ids, note, updated_at)
                VALUES (\(change.courseID), \(change.schoolID), \(change.date), \(change.isCancelled), \(change.movedToDate),
                    \(change.start?.minutes), \(change.end?.minutes), \(change.room), \(change.teacherIDs.map { $0.map(\.rawValue).joined(separator: " ") }),
                    \(change.note), \(change.updatedAt))
                ON CONFLICT (course_id, planned_date) DO UPDATE SET is_cancelled = excluded.is_cancelled,
                    moved_to_date = excluded.moved_to_date, start_minute = excluded.start_minute, end_minute = excluded.end_minute,
                    room = excluded.room, teacher_ids = excluded.teacher_ids, note = excluded.note, updated_at = excluded.updated_at
                """)
            let teachers = try await Self.teachers(of: [course.id], on: connection)[course.id] ?? []
            let scopes = Self.scopes(of: course, teachers: teachers + (change.teacherIDs ?? []) + (previous ?? []))
            return try await ContentVersions.bump(scopes, schoolID: change.schoolID, at: change.updatedAt, on: connection)
        }
        guard let bumped else { return nil }
        versions.recordBumped(bumped, at: change.updatedAt)
        return change
    }

    public func removeChange(courseID: WeeklyCourse.ID, plannedDate: LocalDate, in schoolID: School.ID, at instant: Date) async throws -> Bool {
        let bumped: [(String, Int64)]? = try await database.write { connection in
            let removed = try await connection.query(
                """
                DELETE FROM course_changes WHERE course_id = \(courseID) AND planned_date = \(plannedDate) AND school_id = \(schoolID)
                RETURNING teacher_ids
                """)
            guard let row = removed.first,
                let course = try await connection.query("\(raw: Self.selectCourse) WHERE c.id = \(courseID)").first.map({
                    try Self.course(from: $0).course
                })
            else { return nil }
            let replacements: String? = try row.decode("teacher_ids")
            let teachers = try await Self.teachers(of: [courseID], on: connection)[courseID] ?? []
            let named = teachers + (replacements.map { $0.split(separator: " ").map { User.ID(rawValue: String($0)) } } ?? [])
            return try await ContentVersions.bump(Self.scopes(of: course, teachers: named), schoolID: schoolID, at: instant, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: instant)
        return true
    }

    static func scopes(of course: WeeklyCourse, teachers: [User.ID]) -> Set<String> {
        Set([ContentVersions.scope(ofTimetable: course.classID)] + teachers.map(ContentVersions.scope(ofTeacherTimetable:)))
    }
}
