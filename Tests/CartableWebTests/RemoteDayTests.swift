import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import Testing

/// Days declared remote (their courses are online courses for the incident rule) and pupils of age justifying their
/// own absences, through the app.
@Suite struct RemoteDayTests {
    static let monday = LocalDate(iso: "2026-11-23")!
    static let illness = AbsenceReason.ID(rawValue: "00000000-0000-4000-8000-500000000001")

    /// The whole platform failed from 9:10 to 9:40 on Monday.
    static func platformIncident(_ app: TestApp) async throws {
        try await app.services.storage.attendance.addIncidentWindow(
            IncidentWindow(
                id: .init(rawValue: "00000000-0000-4000-8000-400000000009"), start: TestClock.mondayMorning.addingTimeInterval(600),
                end: TestClock.mondayMorning.addingTimeInterval(2_400), schoolIDs: [app.world.school.id], scope: .platform,
                note: "Cartable ne répondait plus de 9:10 à 9:40."),
            by: app.world.staff.id, at: TestClock.mondayMorning)
    }

    @Test func aDayDeclaredRemoteMakesItsCoursesOnlineAndAPlatformIncidentThenExcusesTheirAbsences() async throws {
        try await TestApp.run { (app) async throws in
            // Léa absent from maths, a course in room A03, while the platform was down: not an online course, so it counts.
            try await AttendanceRecordTests.record(app, app.world.courseMaths, .absent)
            try await Self.platformIncident(app)
            let pupil = try await app.session(for: app.world.pupil)
            let before = try await app.get("/attendance", as: pupil).visibleText
            #expect(before.contains("non justifiées : 1") && !before.contains("Incident de la plateforme"), "\(before)")
            let today = try await app.get("/today", as: pupil)
            #expect(!today.visibleText.contains("à distance"))
            let etag = try #require(today.headers[.eTag])

            // Staff find the page from the classes page and declare Monday remote for 4e B.
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.get("/classes", as: staff).text.contains("href=\"/attendance/remote-days\""))
            let form = try await app.get("/attendance/remote-days", as: staff)
            #expect(form.status == .ok && form.text.contains("value=\"2026-11-23\"") && form.visibleText.contains("Aucune journée à distance."))
            let declared = try await app.post(
                "/attendance/remote-days", form: [("day", "2026-11-23"), ("classID", app.world.classA.id.rawValue), ("note", "Neige : collège fermé.")],
                as: staff)
            #expect(declared.status == .seeOther && declared.headers[.location]?.contains("notice=remoteDayDeclared") == true)
            let list = try await app.get("/attendance/remote-days", as: staff).visibleText
            #expect(list.contains("Lundi 23 novembre · 4e B · Neige : collège fermé."), "\(list)")

            // The absence was from an online course: an incident, not counted; Aujourd'hui says the day is remote.
            let after = try await app.get("/attendance", as: pupil).visibleText
            #expect(after.contains("Demi-journées d'absence : 0 (justifiées : 0, non justifiées : 0)"), "\(after)")
            #expect(after.contains("Incident de la plateforme : pas compté Cartable ne répondait plus de 9:10 à 9:40."))
            let remoteToday = try await app.get("/today", as: pupil, headers: [.ifNoneMatch: etag])
            #expect(remoteToday.status == .ok, "the page changed with the declaration")
            #expect(remoteToday.visibleText.contains("Aujourd'hui, les cours ont lieu à distance, sur Cartable. Neige : collège fermé."))
            #expect(remoteToday.visibleText.contains("Mathématiques") && remoteToday.text.contains("à distance") && !remoteToday.visibleText.contains("salle A03"))
            // Another class's pupil is not concerned.
            let other = try await app.get("/today", as: try await app.session(for: app.world.pupilB)).visibleText
            #expect(!other.contains("à distance"))

            // The same day again: refused, nothing written.
            let state = try await app.writtenState()
            let twice = try await app.post("/attendance/remote-days", form: [("day", "2026-11-23"), ("classID", app.world.classA.id.rawValue)], as: staff)
            #expect(twice.status == .conflict && twice.visibleText.contains("Ce jour est déjà déclaré à distance pour ce choix."))
            #expect(try await app.writtenState() == state)

            // Taken back: the absence counts again.
            let day = try #require(try await app.services.storage.attendance.remoteDays(in: app.world.school.id, range: Self.monday...Self.monday).first)
            #expect(try await app.post("/attendance/remote-days/\(day.id)/delete", form: [], as: staff).status == .seeOther)
            #expect(try await app.post("/attendance/remote-days/\(day.id)/delete", form: [], as: staff).status == .notFound)
            #expect(try await app.get("/attendance", as: pupil).visibleText.contains("non justifiées : 1"))
        }
    }

    static let badDays: [([(String, String)], String)] = [
        ([("day", ""), ("classID", "all")], "Ce champ est obligatoire."),
        ([("day", "2026-11-31"), ("classID", "all")], ""),
        ([("day", "2027-06-30"), ("classID", "all")], ""),
        ([("day", "2026-11-23"), ("classID", "00000000-0000-4000-8000-0000000000ff")], ""),
        ([("day", "2026-11-23"), ("classID", "all"), ("note", String(repeating: "n", count: 301))], ""),
    ]

    @Test(arguments: 0..<badDays.count)
    func aBadRemoteDayIsRefusedAndWritesNothing(index: Int) async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let (form, sentence) = Self.badDays[index]
            let state = try await app.writtenState()
            let response = try await app.post("/attendance/remote-days", form: form, as: staff)
            #expect(response.status == .unprocessableContent, "\(form)")
            #expect(response.text.contains("role=\"alert\"") && response.text.contains("class=\"error\""))
            if !sentence.isEmpty { #expect(response.visibleText.contains(sentence)) }
            #expect(try await app.writtenState() == state)
        }
    }

    @Test func anotherSchoolsClassIsNoChoiceAndABadSettingIsRefused() async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let state = try await app.writtenState()
            let elsewhere = try await app.post("/attendance/remote-days", form: [("day", "2026-11-23"), ("classID", app.world.classX.id.rawValue)], as: staff)
            #expect(elsewhere.status == .unprocessableContent)
            let setting = try await app.post("/attendance/settings", form: [("pupilsOfAgeJustify", "oui")], as: staff)
            #expect(setting.status == .unprocessableContent)
            #expect(try await app.writtenState() == state)
            // A pupil, a guardian, a teacher: the pages do not exist for them.
            for person in [app.world.pupil, app.world.guardian, app.world.teacher] {
                let session = try await app.session(for: person)
                #expect(try await app.get("/attendance/remote-days", as: session).status == .notFound)
                #expect(try await app.post("/attendance/settings", form: [("pupilsOfAgeJustify", "on")], as: session).status == .notFound)
            }
            #expect(try await app.writtenState() == state)
        }
    }

    @Test func aPupilOfAgeJustifiesTheirOwnAbsenceOnlyWhenTheSchoolAllowsIt() async throws {
        try await TestApp.run { (app) async throws in
            let store = app.services.storage.attendance
            try await store.saveReason(AbsenceReason(id: Self.illness, schoolID: app.world.school.id, label: "Maladie"), at: TestClock.mondayMorning)
            try await AttendanceRecordTests.record(app, app.world.courseMaths, .absent)
            // Léa turns 18 today.
            try await app.services.storage.database.writeStatement("UPDATE users SET birth_date = '2008-11-23' WHERE id = \(app.world.pupil.id)")
            let pupil = try await app.session(for: app.world.pupil)
            let form = [("pupil", app.world.pupil.id.rawValue), ("reason", Self.illness.rawValue), ("from", "2026-11-23"), ("comment", "Grippe")]

            // The school has not allowed it: no link, no form, and a sent form writes nothing.
            #expect(!(try await app.get("/attendance", as: pupil).text.contains("/attendance/justify")))
            #expect(try await app.get("/attendance/justify", as: pupil).status == .notFound)
            let state = try await app.writtenState()
            #expect(try await app.post("/attendance/justify", form: form, as: pupil).status == .notFound)
            #expect(try await app.writtenState() == state)

            // Staff allow pupils of age: the record offers *Justifier*, and the justification waits for staff like a family's.
            let staff = try await app.session(for: app.world.staff)
            let saved = try await app.post("/attendance/settings", form: [("pupilsOfAgeJustify", "on")], as: staff)
            #expect(saved.status == .seeOther && saved.headers[.location]?.contains("notice=attendanceSettingsSaved") == true)
            #expect(try await app.get("/attendance/remote-days", as: staff).text.contains("name=\"pupilsOfAgeJustify\" value=\"on\" checked"))
            #expect(try await app.get("/attendance", as: pupil).text.contains("/attendance/justify?pupil=\(app.world.pupil.id)&amp;date=2026-11-23"))
            #expect(try await app.get("/attendance/justify?date=2026-11-23", as: pupil).status == .ok)
            let sent = try await app.post("/attendance/justify", form: form, as: pupil)
            #expect(sent.status == .seeOther, "\(sent.visibleText)")
            let pending = try await store.justifications(in: app.world.school.id, state: .pending, limit: 10)
            #expect(pending.count == 1 && pending.first?.submittedBy == app.world.pupil.id && pending.first?.comment == "Grippe")

            // A pupil who is 18 only tomorrow may not, even with the setting on; another pupil may never justify for Léa.
            try await app.services.storage.database.writeStatement("UPDATE users SET birth_date = '2008-11-24' WHERE id = \(app.world.pupil.id)")
            try await app.services.storage.database.writeStatement("UPDATE users SET birth_date = '2000-01-01' WHERE id = \(app.world.pupilB.id)")
            let minorState = try await app.writtenState()
            #expect(try await app.post("/attendance/justify", form: form, as: pupil).status == .notFound)
            #expect(try await app.post("/attendance/justify", form: form, as: try await app.session(for: app.world.pupilB)).status == .notFound)
            #expect(try await app.writtenState() == minorState)
            // Guardians still justify.
            let guardian = try await app.session(for: app.world.guardian)
            #expect(try await app.get("/attendance/justify?pupil=\(app.world.pupil.id)", as: guardian).status == .ok)
        }
    }
}
