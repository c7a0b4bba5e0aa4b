import CartableCore
import Foundation

extension SQLAttendanceStore {
    func addRemoteDay(_ day: RemoteDay, by userID: User.ID, at instant: Date) async throws -> Bool {
        // Every timetable of the school shows it (its courses read "à distance"): the school year's version moves, as for
        // a holiday or an incident window.
        let bumped = try await database.write { connection -> [(String, Int64)]? in
            let rows = try await connection.query(
                """
                INSERT INTO remote_days (id, school_id, day, class_id, note, declared_by, declared_at)
                VALUES (\(day.id), \(day.schoolID), \(day.day), \(day.classID?.rawValue ?? ""), \(day.note), \(userID), \(instant))
                ON CONFLICT (school_id, day, class_id) DO NOTHING
                RETURNING id
                """)
            guard !rows.isEmpty else { return nil }
            return try await ContentVersions.bump([ContentVersions.scope(ofSchoolYear: day.schoolID)], schoolID: day.schoolID, at: instant, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: instant)
        return true
    }

    func removeRemoteDay(_ id: RemoteDay.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool {
        let bumped = try await database.write { connection -> [(String, Int64)]? in
            let rows = try await connection.query("DELETE FROM remote_days WHERE id = \(id) AND school_id = \(schoolID) RETURNING id")
            guard !rows.isEmpty else { return nil }
            return try await ContentVersions.bump([ContentVersions.scope(ofSchoolYear: schoolID)], schoolID: schoolID, at: instant, on: connection)
        }
        guard let bumped else { return false }
        versions.recordBumped(bumped, at: instant)
        return true
    }

    func remoteDays(in schoolID: School.ID, range: ClosedRange<LocalDate>) async throws -> [RemoteDay] {
        try await database.read { connection in try await Self.remoteDays(in: schoolID, range: range, classes: nil, on: connection) }
    }

    /// The school's remote days in `range`: all of them, or (with `classes`) those of the whole school and of `classes`.
    static func remoteDays(in schoolID: School.ID, range: ClosedRange<LocalDate>, classes: Set<SchoolClass.ID>?, on connection: any SQLConnection)
        async throws -> [RemoteDay]
    {
        var filter: SQLQuery = "1 = 1"
        if let classes { filter = "(class_id = '' OR class_id IN (\(list: classes.map(\.rawValue).sorted())))" }
        return try await connection.query(
            """
            SELECT id, day, class_id, note FROM remote_days
            WHERE school_id = \(schoolID) AND day >= \(range.lowerBound) AND day <= \(range.upperBound) AND \(filter)
            ORDER BY day, class_id, id
            """
        ).map { row in
            let classID: String = try row.decode("class_id")
            return RemoteDay(
                id: try row.decode("id"), schoolID: schoolID, day: try row.decode("day"), classID: classID.isEmpty ? nil : SchoolClass.ID(rawValue: classID),
                note: try row.decode("note"))
        }
    }

    func settings(of schoolID: School.ID) async throws -> AttendanceSettings {
        guard let row = try await database.query("SELECT pupils_of_age_justify FROM attendance_settings WHERE school_id = \(schoolID)").first else {
            return AttendanceSettings()
        }
        return AttendanceSettings(pupilsOfAgeJustify: try row.decode("pupils_of_age_justify"))
    }

    func setSettings(_ settings: AttendanceSettings, of schoolID: School.ID, by userID: User.ID, at instant: Date) async throws {
        // A pupil's record offers *Justifier* or not with it: the school year's version moves (every record depends on it).
        let bumped = try await database.write { connection in
            try await connection.execute(
                """
                INSERT INTO attendance_settings (school_id, pupils_of_age_justify, updated_by, updated_at)
                VALUES (\(schoolID), \(settings.pupilsOfAgeJustify), \(userID), \(instant))
                ON CONFLICT (school_id) DO UPDATE SET pupils_of_age_justify = excluded.pupils_of_age_justify, updated_by = excluded.updated_by,
                    updated_at = excluded.updated_at
                """)
            return try await ContentVersions.bump([ContentVersions.scope(ofSchoolYear: schoolID)], schoolID: schoolID, at: instant, on: connection)
        }
        versions.recordBumped(bumped, at: instant)
    }

    func birthDate(ofPupil pupilID: User.ID, in schoolID: School.ID) async throws -> LocalDate? {
        guard
            let row = try await database.query(
                "SELECT birth_date FROM users WHERE id = \(pupilID) AND school_id = \(schoolID) AND role = \(Role.pupil.rawValue)"
            ).first
        else { return nil }
        return try row.decode("birth_date") as LocalDate?
    }
}
