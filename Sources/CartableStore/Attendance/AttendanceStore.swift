import CartableCore
import Foundation

/// Rolls, the school's absence reasons and incident windows.
public protocol AttendanceStore: Sendable {
    /// Saves one tap of a roll. `false`, and nothing changed, when the stored mark has the same or a newer
    /// revision (a retried save, or a late one overtaken by a newer tap).
    @discardableResult
    func saveMark(_ mark: AttendanceMark, in schoolID: School.ID) async throws -> Bool
    /// Records that the roll of the occurrence was taken (the first time is kept: who took it, when); any reminder of
    /// it is done with.
    func markRollTaken(courseID: WeeklyCourse.ID, plannedDate: LocalDate, by userID: User.ID, in schoolID: School.ID, at instant: Date) async throws
    /// The occurrence's roll: what was tapped, and who took it when (`nil` while it was not taken).
    func roll(courseID: WeeklyCourse.ID, plannedDate: LocalDate, in schoolID: School.ID) async throws -> Roll
    /// A pupil's marks other than present on the occurrences planned in `range`, by day.
    func marks(ofPupil pupilID: User.ID, in range: ClosedRange<LocalDate>, schoolID: School.ID) async throws -> [AttendanceMark]
    /// The school's marks other than present on occurrences planned on `day` (the day's absences and lateness).
    func marks(in schoolID: School.ID, on day: LocalDate) async throws -> [AttendanceMark]
    /// The school's marks other than present on occurrences planned in `range`, by day (for alerts and exports).
    func marks(in schoolID: School.ID, range: ClosedRange<LocalDate>) async throws -> [AttendanceMark]
    /// The occurrences planned on `day` whose roll was taken.
    func rollsTaken(in schoolID: School.ID, on day: LocalDate) async throws -> Set<OccurrenceKey>
    /// The school's reasons, by label.
    func reasons(in schoolID: School.ID) async throws -> [AbsenceReason]
    /// Adds or changes a reason. `false` if another reason of the school has that label.
    @discardableResult
    func saveReason(_ reason: AbsenceReason, at instant: Date) async throws -> Bool
    /// Declares an incident window, by `userID` (staff, or the platform's operator).
    func addIncidentWindow(_ window: IncidentWindow, by userID: User.ID, at instant: Date) async throws
    /// The windows covering `schoolID` that overlap `from`…`to`, oldest first.
    func incidentWindows(of schoolID: School.ID, from: Date, to: Date) async throws -> [IncidentWindow]
    /// Lifts (or restores) the incident `windowID` on one pupil's absence from one occurrence.
    func setIncidentLifted(
        _ lifted: Bool, window windowID: IncidentWindow.ID, courseID: WeeklyCourse.ID, plannedDate: LocalDate, pupilID: User.ID,
        in schoolID: School.ID, by userID: User.ID, at instant: Date) async throws
    /// The incidents staff lifted on a pupil's absences from occurrences planned in `range`.
    func liftedIncidents(ofPupil pupilID: User.ID, in range: ClosedRange<LocalDate>, schoolID: School.ID) async throws -> Set<LiftedIncident>

    /// Staff remind the teachers of an occurrence to take its roll; kept until the roll is taken.
    func remindRoll(
        courseID: WeeklyCourse.ID, plannedDate: LocalDate, teacherIDs: [User.ID], by userID: User.ID, in schoolID: School.ID, at instant: Date
    ) async throws
    /// The rolls `teacherID` was reminded of and has not taken, oldest first.
    func rollReminders(ofTeacher teacherID: User.ID, in schoolID: School.ID) async throws -> [OccurrenceKey]
    /// The school's occurrences of `day` whose teachers were reminded (and have not taken the roll).
    func rollReminders(in schoolID: School.ID, on day: LocalDate) async throws -> Set<OccurrenceKey>

    /// The incidents staff lifted on the school's absences from occurrences planned in `range`.
    func liftedIncidents(in schoolID: School.ID, range: ClosedRange<LocalDate>) async throws -> Set<LiftedIncident>
    /// The school's justifications that cover a day of `range`, oldest first.
    func justifications(in schoolID: School.ID, overlapping range: ClosedRange<LocalDate>) async throws -> [Justification]

    /// Keeps what a node measured; a signal already kept takes the later end and counts (an episode still going on is
    /// written again as it grows).
    func recordSignals(_ signals: [NodeSignal]) async throws
    /// The signals of `schoolID` (or of every school) that ended after `since` and lasted `minimumSeconds` at least,
    /// that its staff have not confirmed or dismissed, oldest first.
    func proposedSignals(for schoolID: School.ID, since: Date, minimumSeconds: Int) async throws -> [NodeSignal]
    /// One signal, if it concerns `schoolID`.
    func signal(_ id: NodeSignal.ID, for schoolID: School.ID) async throws -> NodeSignal?
    /// Staff's decision on a proposal: `confirmed` (with the window it made) or `dismissed`. `false` if already decided.
    @discardableResult
    func decideSignal(
        _ id: NodeSignal.ID, for schoolID: School.ID, confirmed window: IncidentWindow?, by userID: User.ID, at instant: Date) async throws -> Bool
    /// Keeps people's attempts (one per person, minute and kind; repeats are ignored).
    func recordAttempts(_ attempts: [PresenceAttempt]) async throws
    /// The attempts of `userIDs` of the school between `from` and `to`, by time.
    func attempts(of userIDs: Set<User.ID>, in schoolID: School.ID, from: Date, to: Date) async throws -> [PresenceAttempt]

    /// Declares a day remote (see ``RemoteDay``); `false`, and nothing written, if that day is already declared for the
    /// same class (or the whole school).
    @discardableResult
    func addRemoteDay(_ day: RemoteDay, by userID: User.ID, at instant: Date) async throws -> Bool
    /// Takes a remote day back; `false` if the school has no such day.
    @discardableResult
    func removeRemoteDay(_ id: RemoteDay.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool
    /// The school's remote days in `range`, by day (the whole school's first).
    func remoteDays(in schoolID: School.ID, range: ClosedRange<LocalDate>) async throws -> [RemoteDay]
    /// The school's attendance settings (the defaults until staff change them).
    func settings(of schoolID: School.ID) async throws -> AttendanceSettings
    /// Changes the school's attendance settings, by `userID`.
    func setSettings(_ settings: AttendanceSettings, of schoolID: School.ID, by userID: User.ID, at instant: Date) async throws
    /// A pupil's birth date, as the school's records give it (`nil` if unknown or not the school's pupil).
    func birthDate(ofPupil pupilID: User.ID, in schoolID: School.ID) async throws -> LocalDate?

    /// Records a justification (sent by a family, or by staff).
    func addJustification(_ justification: Justification) async throws
    /// One justification of the school.
    func justification(_ id: Justification.ID, in schoolID: School.ID) async throws -> Justification?
    /// A pupil's justifications that cover a day of `range`, oldest first.
    func justifications(ofPupil pupilID: User.ID, overlapping range: ClosedRange<LocalDate>, schoolID: School.ID) async throws -> [Justification]
    /// The school's justifications in `state`, oldest first, `limit` at most.
    func justifications(in schoolID: School.ID, state: JustificationState, limit: Int) async throws -> [Justification]
    /// Accepts or refuses a justification. `false`, and nothing changed, if the school has no such justification.
    @discardableResult
    func decideJustification(
        _ id: Justification.ID, state: JustificationState, note: String, by userID: User.ID, in schoolID: School.ID, at instant: Date
    ) async throws -> Bool
}

extension ContentVersions {
    /// The scope of the rolls a teacher was reminded of (their week shows them until taken).
    public static func scope(ofRollReminders teacherID: User.ID) -> String { "roll-reminders:\(teacherID)" }
}

/// A course occurrence's key: the weekly course and the day it was planned on.
public struct OccurrenceKey: Hashable, Sendable {
    /// The course.
    public var courseID: WeeklyCourse.ID
    /// The day it was planned on.
    public var plannedDate: LocalDate

    /// Creates a key.
    public init(courseID: WeeklyCourse.ID, plannedDate: LocalDate) {
        self.courseID = courseID
        self.plannedDate = plannedDate
    }
}

/// An incident that staff lifted on one pupil's absence from one occurrence.
public struct LiftedIncident: Hashable, Sendable {
    /// The occurrence.
    public var occurrence: OccurrenceKey
    /// The pupil.
    public var pupilID: User.ID
    /// The window lifted.
    public var windowID: IncidentWindow.ID

    /// Creates one.
    public init(occurrence: OccurrenceKey, pupilID: User.ID, windowID: IncidentWindow.ID) {
        self.occurrence = occurrence
        self.pupilID = pupilID
        self.windowID = windowID
    }
}

/// One occurrence's roll as stored.
public struct Roll: Hashable, Sendable {
    /// What the teacher tapped, by pupil (present included, when tapped back).
    public var marks: [User.ID: AttendanceMark]
    /// Who took it, if it was taken.
    public var takenBy: User.ID?
    /// When it was taken.
    public var takenAt: Date?

    /// Creates a roll.
    public init(marks: [User.ID: AttendanceMark] = [:], takenBy: User.ID? = nil, takenAt: Date? = nil) {
        self.marks = marks
        self.takenBy = takenBy
        self.takenAt = takenAt
    }
}

/// ``AttendanceStore`` over SQLite or PostgreSQL.
struct SQLAttendanceStore: AttendanceStore {
    let database: any SQLDatabase
    let versions: ContentVersions

    static let selectMark = """
        SELECT course_id, planned_date, pupil_id, status, minutes, remark, revision, recorded_by, recorded_at FROM attendance_marks
        """

    static func mark(from row: SQLRow) throws -> AttendanceMark {
        let status: String = try row.decode("status")
        return AttendanceMark(
            courseID: try row.decode("course_id"), plannedDate: try row.decode("planned_date"), pupilID: try row.decode("pupil_id"),
            status: AttendanceMark.Status(rawValue: status) ?? .absent, minutes: try row.decode("minutes"), remark: try row.decode("remark"),
            revision: try row.decode("revision"), recordedBy: try row.decode("recorded_by"), recordedAt: try row.decode("recorded_at"))
    }

    func saveMark(_ mark: AttendanceMark, in schoolID: School.ID) async throws -> Bool {
        let bumped = try await database.write { connection -> [(String, Int64)]? in
            // The row is written only if it is new or older than this tap.
            let rows = try await connection.query(
                """
                INSERT INTO attendance_marks (school_id, course_id, planned_date, pupil_id, status, minutes, remark, revision, recorded_by, recorded_at)
                VALUES (\(schoolID), \(mark.courseID), \(mark.plannedDate), \(mark.pupilID), \(mark.status.rawValue), \(mark.minutes), \(mark.remark),
                    \(mark.revision), \(mark.recordedBy), \(mark.recordedAt))
                ON CONFLICT (course_id, planned_date, pupil_id) DO UPDATE SET status = excluded.status, minutes = excluded.minutes,
                    remark = excluded.remark, revision = excluded.revision, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
                WHERE attendance_marks.revision < excluded.revision AND attendance_marks.school_id = excluded.school_id
                RETURNING revision
                """)
            guard !rows.isEmpty else { return nil }
            // The pupil's Aujourd'hui shows the day's absences: its version moves with them.
            return try await ContentVersions.bump([ContentVersions.scope(ofPupil: mark.pupilID)], schoolID: schoolID, at: mark.recordedAt, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: mark.recordedAt)
        return true
    }

    /// Bumps the pupil's version (their Aujourd'hui shows their day's attendance) along with `body`'s write.
    private func writeForPupil(_ pupilID: User.ID, in schoolID: School.ID, at instant: Date, _ body: @escaping @Sendable (any SQLConnection) async throws -> Bool)
        async throws -> Bool
    {
        let bumped = try await database.write { connection -> [(String, Int64)]? in
            guard try await body(connection) else { return nil }
            return try await ContentVersions.bump([ContentVersions.scope(ofPupil: pupilID)], schoolID: schoolID, at: instant, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: instant)
        return true
    }

    func markRollTaken(courseID: WeeklyCourse.ID, plannedDate: LocalDate, by userID: User.ID, in schoolID: School.ID, at instant: Date) async throws {
        let bumped = try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO rolls (school_id, course_id, planned_date, taken_by, taken_at)
                VALUES (\(schoolID), \(courseID), \(plannedDate), \(userID), \(instant))
                ON CONFLICT (course_id, planned_date) DO NOTHING
                """)
            // The reminded teachers' pages stop asking for it.
            let reminded = try await connection.query(
                """
                DELETE FROM roll_reminders WHERE school_id = \(schoolID) AND course_id = \(courseID) AND planned_date = \(plannedDate)
                RETURNING teacher_id
                """
            ).map { try $0.decode("teacher_id") as User.ID }
            guard !reminded.isEmpty else { return [(String, Int64)]() }
            return try await ContentVersions.bump(
                Set(reminded.map(ContentVersions.scope(ofRollReminders:))), schoolID: schoolID, at: instant, on: connection)
        }
        versions.recordBumped(bumped, at: instant)
    }

    func remindRoll(
        courseID: WeeklyCourse.ID, plannedDate: LocalDate, teacherIDs: [User.ID], by userID: User.ID, in schoolID: School.ID, at instant: Date
    ) async throws {
        guard !teacherIDs.isEmpty else { return }
        let bumped = try await database.write { connection in
            for teacherID in Set(teacherIDs).sorted() {
                try await connection.execute(
                    """
                    INSERT INTO roll_reminders (school_id, course_id, planned_date, teacher_id, reminded_by, reminded_at)
                    VALUES (\(schoolID), \(courseID), \(plannedDate), \(teacherID), \(userID), \(instant))
                    ON CONFLICT (course_id, planned_date, teacher_id) DO UPDATE SET reminded_by = excluded.reminded_by,
                        reminded_at = excluded.reminded_at
                    """)
            }
            return try await ContentVersions.bump(
                Set(teacherIDs.map(ContentVersions.scope(ofRollReminders:))), schoolID: schoolID, at: instant, on: connection)
        }
        versions.recordBumped(bumped, at: instant)
    }

    func rollReminders(ofTeacher teacherID: User.ID, in schoolID: School.ID) async throws -> [OccurrenceKey] {
        try await database.query(
            """
            SELECT course_id, planned_date FROM roll_reminders WHERE school_id = \(schoolID) AND teacher_id = \(teacherID)
            ORDER BY planned_date, reminded_at, course_id
            """
        ).map { OccurrenceKey(courseID: try $0.decode("course_id"), plannedDate: try $0.decode("planned_date")) }
    }

    func rollReminders(in schoolID: School.ID, on day: LocalDate) async throws -> Set<OccurrenceKey> {
        Set(
            try await database.query(
                "SELECT course_id, planned_date FROM roll_reminders WHERE school_id = \(schoolID) AND planned_date = \(day)"
            ).map { OccurrenceKey(courseID: try $0.decode("course_id"), plannedDate: try $0.decode("planned_date")) })
    }

    func roll(courseID: WeeklyCourse.ID, plannedDate: LocalDate, in schoolID: School.ID) async throws -> Roll {
        let marks = try await database.query(
            "\(raw: Self.selectMark) WHERE school_id = \(schoolID) AND course_id = \(courseID) AND planned_date = \(plannedDate)"
        ).map(Self.mark(from:))
        let taken = try await database.query(
            "SELECT taken_by, taken_at FROM rolls WHERE school_id = \(schoolID) AND course_id = \(courseID) AND planned_date = \(plannedDate)"
        ).first
        return Roll(
            marks: Dictionary(marks.map { ($0.pupilID, $0) }, uniquingKeysWith: { first, _ in first }),
            takenBy: try taken?.decode("taken_by"), takenAt: try taken?.decode("taken_at"))
    }

    func marks(ofPupil pupilID: User.ID, in range: ClosedRange<LocalDate>, schoolID: School.ID) async throws -> [AttendanceMark] {
        try await database.query(
            """
            \(raw: Self.selectMark) WHERE school_id = \(schoolID) AND pupil_id = \(pupilID) AND planned_date >= \(range.lowerBound)
                AND planned_date <= \(range.upperBound) AND status <> 'present'
            ORDER BY planned_date, recorded_at, course_id
            """
        ).map(Self.mark(from:))
    }

    func marks(in schoolID: School.ID, on day: LocalDate) async throws -> [AttendanceMark] {
        try await database.query(
            """
            \(raw: Self.selectMark) WHERE school_id = \(schoolID) AND planned_date = \(day) AND status <> 'present'
            ORDER BY recorded_at, course_id, pupil_id
            """
        ).map(Self.mark(from:))
    }

    func marks(in schoolID: School.ID, range: ClosedRange<LocalDate>) async throws -> [AttendanceMark] {
        try await database.query(
            """
            \(raw: Self.selectMark) WHERE school_id = \(schoolID) AND planned_date >= \(range.lowerBound) AND planned_date <= \(range.upperBound)
                AND status <> 'present'
            ORDER BY planned_date, recorded_at, course_id, pupil_id
            """
        ).map(Self.mark(from:))
    }

    func liftedIncidents(in schoolID: School.ID, range: ClosedRange<LocalDate>) async throws -> Set<LiftedIncident> {
        Set(
            try await database.query(
                """
                SELECT course_id, planned_date, pupil_id, window_id FROM incident_lifts
                WHERE school_id = \(schoolID) AND planned_date >= \(range.lowerBound) AND planned_date <= \(range.upperBound)
                """
            ).map {
                LiftedIncident(
                    occurrence: OccurrenceKey(courseID: try $0.decode("course_id"), plannedDate: try $0.decode("planned_date")),
                    pupilID: try $0.decode("pupil_id"), windowID: try $0.decode("window_id"))
            })
    }

    func justifications(in schoolID: School.ID, overlapping range: ClosedRange<LocalDate>) async throws -> [Justification] {
        try await database.query(
            """
            \(raw: Self.selectJustification) WHERE school_id = \(schoolID) AND from_date <= \(range.upperBound) AND to_date >= \(range.lowerBound)
            ORDER BY submitted_at, id
            """
        ).map(Self.justification(from:))
    }

    func rollsTaken(in schoolID: School.ID, on day: LocalDate) async throws -> Set<OccurrenceKey> {
        Set(
            try await database.query("SELECT course_id, planned_date FROM rolls WHERE school_id = \(schoolID) AND planned_date = \(day)")
                .map { OccurrenceKey(courseID: try $0.decode("course_id"), plannedDate: try $0.decode("planned_date")) })
    }

    func reasons(in schoolID: School.ID) async throws -> [AbsenceReason] {
        try await database.query(
            "SELECT id, school_id, label, counts_as_absence, needs_proof FROM absence_reasons WHERE school_id = \(schoolID) ORDER BY label, id"
        ).map {
            AbsenceReason(
                id: try $0.decode("id"), schoolID: try $0.decode("school_id"), label: try $0.decode("label"),
                countsAsAbsence: try $0.decode("counts_as_absence"), needsProof: try $0.decode("needs_proof"))
        }
    }

    func saveReason(_ reason: AbsenceReason, at instant: Date) async throws -> Bool {
        try await database.write { connection in
            let taken = try await connection.query(
                "SELECT id FROM absence_reasons WHERE school_id = \(reason.schoolID) AND label = \(reason.label) AND id <> \(reason.id)")
            guard taken.isEmpty else { return false }
            try await connection.execute(
                """
                INSERT INTO absence_reasons (id, school_id, label, counts_as_absence, needs_proof, updated_at)
                VALUES (\(reason.id), \(reason.schoolID), \(reason.label), \(reason.countsAsAbsence), \(reason.needsProof), \(instant))
                ON CONFLICT (id) DO UPDATE SET label = excluded.label, counts_as_absence = excluded.counts_as_absence,
                    needs_proof = excluded.needs_proof, updated_at = excluded.updated_at
                WHERE absence_reasons.school_id = excluded.school_id
                """)
            return true
        }
    }

    func addIncidentWindow(_ window: IncidentWindow, by userID: User.ID, at instant: Date) async throws {
        // The school's day changes with it (Aujourd'hui marks an absence in the window as an incident): its schools'
        // year versions move, as for a holiday.
        let bumped = try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO incident_windows (id, starts_at, ends_at, scope, server, note, declared_by, declared_at)
                VALUES (\(window.id), \(window.start), \(window.end), \(window.scope.rawValue), \(window.server), \(window.note), \(userID), \(instant))
                """)
            var bumped: [(String, Int64)] = []
            for schoolID in window.schoolIDs.sorted() {
                try await connection.execute("INSERT INTO incident_window_schools (window_id, school_id) VALUES (\(window.id), \(schoolID))")
                bumped += try await ContentVersions.bump([ContentVersions.scope(ofSchoolYear: schoolID)], schoolID: schoolID, at: instant, on: connection)
            }
            return bumped
        }
        versions.recordBumped(bumped, at: instant)
    }

    func incidentWindows(of schoolID: School.ID, from: Date, to: Date) async throws -> [IncidentWindow] {
        let rows = try await database.query(
            """
            SELECT w.id, w.starts_at, w.ends_at, w.scope, w.server, w.note FROM incident_windows w
            JOIN incident_window_schools s ON s.window_id = w.id
            WHERE s.school_id = \(schoolID) AND w.starts_at < \(to) AND w.ends_at > \(from)
            ORDER BY w.starts_at, w.id
            """)
        var windows: [IncidentWindow] = []
        for row in rows {
            let id: IncidentWindow.ID = try row.decode("id")
            let schools = try await database.query("SELECT school_id FROM incident_window_schools WHERE window_id = \(id)")
                .map { try $0.decode("school_id") as School.ID }
            let scope: String = try row.decode("scope")
            windows.append(
                IncidentWindow(
                    id: id, start: try row.decode("starts_at"), end: try row.decode("ends_at"), schoolIDs: Set(schools),
                    scope: IncidentWindow.Scope(rawValue: scope) ?? .platform, server: try row.decode("server"), note: try row.decode("note")))
        }
        return windows
    }

    func setIncidentLifted(
        _ lifted: Bool, window windowID: IncidentWindow.ID, courseID: WeeklyCourse.ID, plannedDate: LocalDate, pupilID: User.ID,
        in schoolID: School.ID, by userID: User.ID, at instant: Date
    ) async throws {
        _ = try await writeForPupil(pupilID, in: schoolID, at: instant) { connection in
            if lifted {
                try await connection.execute(
                    """
                    INSERT INTO incident_lifts (school_id, course_id, planned_date, pupil_id, window_id, lifted_by, lifted_at)
                    VALUES (\(schoolID), \(courseID), \(plannedDate), \(pupilID), \(windowID), \(userID), \(instant))
                    ON CONFLICT (course_id, planned_date, pupil_id, window_id) DO NOTHING
                    """)
            } else {
                try await connection.execute(
                    """
                    DELETE FROM incident_lifts WHERE school_id = \(schoolID) AND course_id = \(courseID) AND planned_date = \(plannedDate)
                        AND pupil_id = \(pupilID) AND window_id = \(windowID)
                    """)
            }
            return true
        }
    }

    func liftedIncidents(ofPupil pupilID: User.ID, in range: ClosedRange<LocalDate>, schoolID: School.ID) async throws -> Set<LiftedIncident> {
        Set(
            try await database.query(
                """
                SELECT course_id, planned_date, window_id FROM incident_lifts
                WHERE school_id = \(schoolID) AND pupil_id = \(pupilID) AND planned_date >= \(range.lowerBound) AND planned_date <= \(range.upperBound)
                """
            ).map {
                LiftedIncident(
                    occurrence: OccurrenceKey(courseID: try $0.decode("course_id"), plannedDate: try $0.decode("planned_date")), pupilID: pupilID,
                    windowID: try $0.decode("window_id"))
            })
    }

    static let selectJustification = """
        SELECT id, school_id, pupil_id, from_date, to_date, reason_id, comment, proof_key, proof_name, proof_kind, proof_size, state,
            submitted_by, submitted_at, decided_by, decided_at, decision_note FROM justifications
        """

    static func justification(from row: SQLRow) throws -> Justification {
        let state: String = try row.decode("state")
        var proof: StoredFile?
        if let key: String = try row.decode("proof_key") {
            let kind: String = try row.decode("proof_kind") ?? ""
            proof = StoredFile(
                key: key, name: try row.decode("proof_name") ?? "justificatif", kind: FileKind(rawValue: kind) ?? .pdf,
                size: try row.decode("proof_size") ?? 0)
        }
        return Justification(
            id: try row.decode("id"), schoolID: try row.decode("school_id"), pupilID: try row.decode("pupil_id"), from: try row.decode("from_date"),
            to: try row.decode("to_date"), reasonID: try row.decode("reason_id"), comment: try row.decode("comment"), proof: proof,
            state: JustificationState(rawValue: state) ?? .pending, submittedBy: try row.decode("submitted_by"),
            submittedAt: try row.decode("submitted_at"), decidedBy: try row.decode("decided_by"), decidedAt: try row.decode("decided_at"),
            decisionNote: try row.decode("decision_note"))
    }

    func addJustification(_ j: Justification) async throws {
        _ = try await writeForPupil(j.pupilID, in: j.schoolID, at: j.submittedAt) { connection in
            try await connection.execute(
            """
            INSERT INTO justifications (id, school_id, pupil_id, from_date, to_date, reason_id, comment, proof_key, proof_name, proof_kind,
                proof_size, state, submitted_by, submitted_at, decided_by, decided_at, decision_note)
            VALUES (\(j.id), \(j.schoolID), \(j.pupilID), \(j.from), \(j.to), \(j.reasonID), \(j.comment), \(j.proof?.key), \(j.proof?.name),
                \(j.proof?.kind.rawValue), \(j.proof?.size), \(j.state.rawValue), \(j.submittedBy), \(j.submittedAt), \(j.decidedBy), \(j.decidedAt),
                \(j.decisionNote))
            """)
            return true
        }
    }

    func justification(_ id: Justification.ID, in schoolID: School.ID) async throws -> Justification? {
        try await database.query("\(raw: Self.selectJustification) WHERE id = \(id) AND school_id = \(schoolID)").first.map(Self.justification(from:))
    }

    func justifications(ofPupil pupilID: User.ID, overlapping range: ClosedRange<LocalDate>, schoolID: School.ID) async throws -> [Justification] {
        try await database.query(
            """
            \(raw: Self.selectJustification) WHERE school_id = \(schoolID) AND pupil_id = \(pupilID) AND from_date <= \(range.upperBound)
                AND to_date >= \(range.lowerBound)
            ORDER BY submitted_at, id
            """
        ).map(Self.justification(from:))
    }

    func justifications(in schoolID: School.ID, state: JustificationState, limit: Int) async throws -> [Justification] {
        try await database.query(
            """
            \(raw: Self.selectJustification) WHERE school_id = \(schoolID) AND state = \(state.rawValue)
            ORDER BY submitted_at, id LIMIT \(limit)
            """
        ).map(Self.justification(from:))
    }

    func decideJustification(
        _ id: Justification.ID, state: JustificationState, note: String, by userID: User.ID, in schoolID: School.ID, at instant: Date
    ) async throws -> Bool {
        guard let justification = try await justification(id, in: schoolID) else { return false }
        return try await writeForPupil(justification.pupilID, in: schoolID, at: instant) { connection in
            let rows = try await connection.query(
                """
                UPDATE justifications SET state = \(state.rawValue), decision_note = \(note), decided_by = \(userID), decided_at = \(instant)
                WHERE id = \(id) AND school_id = \(schoolID)
                RETURNING id
                """)
            return !rows.isEmpty
        }
    }

    func recordSignals(_ signals: [NodeSignal]) async throws {
        guard !signals.isEmpty else { return }
        try await database.write { connection in
            for signal in signals {
                try await connection.execute(
                    """
                    INSERT INTO node_signals (id, kind, server, school_id, started_at, ended_at, requests, people)
                    VALUES (\(signal.id), \(signal.kind.rawValue), \(signal.server), \(signal.schoolID), \(signal.start), \(signal.end),
                        \(signal.requests), \(signal.people))
                    ON CONFLICT (id) DO UPDATE SET ended_at = excluded.ended_at, requests = excluded.requests, people = excluded.people
                    WHERE node_signals.ended_at <= excluded.ended_at
                    """)
            }
        }
    }

    static let selectSignal = "SELECT id, kind, server, school_id, started_at, ended_at, requests, people FROM node_signals"

    static func signal(from row: SQLRow) throws -> NodeSignal {
        let kind: String = try row.decode("kind")
        return NodeSignal(
            id: try row.decode("id"), kind: NodeSignal.Kind(rawValue: kind) ?? .waitingRoom, server: try row.decode("server"),
            schoolID: try row.decode("school_id"), start: try row.decode("started_at"), end: try row.decode("ended_at"),
            requests: try row.decode("requests"), people: try row.decode("people"))
    }

    func proposedSignals(for schoolID: School.ID, since: Date, minimumSeconds: Int) async throws -> [NodeSignal] {
        try await database.query(
            """
            \(raw: Self.selectSignal) WHERE (school_id IS NULL OR school_id = \(schoolID)) AND ended_at > \(since)
                AND ended_at - started_at >= \(minimumSeconds * 1_000)
                AND NOT EXISTS (SELECT 1 FROM signal_decisions d WHERE d.signal_id = node_signals.id AND d.school_id = \(schoolID))
            ORDER BY started_at, id
            """
        ).map(Self.signal(from:))
    }

    func signal(_ id: NodeSignal.ID, for schoolID: School.ID) async throws -> NodeSignal? {
        try await database.query("\(raw: Self.selectSignal) WHERE id = \(id) AND (school_id IS NULL OR school_id = \(schoolID))").first
            .map(Self.signal(from:))
    }

    func decideSignal(
        _ id: NodeSignal.ID, for schoolID: School.ID, confirmed window: IncidentWindow?, by userID: User.ID, at instant: Date
    ) async throws -> Bool {
        let decided = try await database.write { connection in
            let rows = try await connection.query(
                """
                INSERT INTO signal_decisions (signal_id, school_id, decision, window_id, decided_by, decided_at)
                VALUES (\(id), \(schoolID), \(window == nil ? "dismissed" : "confirmed"), \(window?.id), \(userID), \(instant))
                ON CONFLICT (signal_id, school_id) DO NOTHING
                RETURNING signal_id
                """)
            return !rows.isEmpty
        }
        if decided, let window { try await addIncidentWindow(window, by: userID, at: instant) }
        return decided
    }

    func recordAttempts(_ attempts: [PresenceAttempt]) async throws {
        guard !attempts.isEmpty else { return }
        // A few hundred rows per statement: at 9:00 every pupil of the node leaves one a minute.
        try await database.write { connection in
            try await BatchInsert.run(
                on: connection, table: "presence_attempts", columns: ["school_id", "user_id", "at", "kind"], rows: attempts,
                suffix: "ON CONFLICT (user_id, at, kind) DO NOTHING"
            ) { [$0.schoolID.sqlValue, $0.userID.sqlValue, $0.at.sqlValue, $0.kind.rawValue.sqlValue] }
        }
    }

    func attempts(of userIDs: Set<User.ID>, in schoolID: School.ID, from: Date, to: Date) async throws -> [PresenceAttempt] {
        // One indexed look-up per person (a roll's thirty pupils), not the whole school's minute by minute.
        var found: [PresenceAttempt] = []
        for user in userIDs.sorted() {
            for row in try await database.query(
                """
                SELECT at, kind FROM presence_attempts WHERE user_id = \(user) AND school_id = \(schoolID) AND at >= \(from) AND at <= \(to)
                ORDER BY at, kind
                """)
            {
                let kind: String = try row.decode("kind")
                found.append(PresenceAttempt(userID: user, schoolID: schoolID, at: try row.decode("at"), kind: PresenceAttempt.Kind(rawValue: kind) ?? .request))
            }
        }
        return found.sorted { ($0.at, $0.userID.rawValue) < ($1.at, $1.userID.rawValue) }
    }
}
