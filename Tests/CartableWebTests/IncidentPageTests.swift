import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Staff declare an incident window: the absences from online lessons it covers become incidents, shown and not counted.
@Suite struct IncidentPageTests {
    static func window(_ start: String, _ end: String, scope: String = "live_classes", note: String = "") -> [(String, String)] {
        [("day", "2026-11-23"), ("start", start), ("end", end), ("scope", scope), ("server", ""), ("note", note)]
    }

    @Test func staffDeclareAWindowAndTheAbsenceFromTheLiveClassBecomesAnIncident() async throws {
        try await TestApp.run { (app) async throws in
            let world = app.world
            let teacher = try await app.session(for: world.teacher)
            let live = "/timetable/courses/\(world.courseMaths.id)/2026-11-23/live"
            #expect(try await app.post(live, form: [("mode", "link"), ("link", "https://visio.example.org/maths")], as: teacher).status == .seeOther)
            try await SchoolDayTests.mark(app, world.courseMaths, world.pupil, .absent)
            // French (4e C) is in its room: an absence there stays an absence.
            try await SchoolDayTests.mark(app, world.courseFrench, world.pupilB, .absent)

            let staff = try await app.session(for: world.staff)
            #expect(try await app.get("/classes", as: staff).text.contains("href=\"/attendance/incidents\""))
            let form = try await app.get("/attendance/incidents", as: staff)
            #expect(form.status == .ok && form.visibleText.contains("Aucun incident déclaré.") && form.text.contains("value=\"2026-11-23\""))
            let declared = try await app.post("/attendance/incidents", form: Self.window("8:55", "9:45", note: "Les classes en ligne ne marchaient pas."), as: staff)
            #expect(declared.status == .seeOther && declared.headers[.location]?.contains("notice=incidentDeclared") == true)
            let list = try await app.get("/attendance/incidents", as: staff).visibleText
            #expect(list.contains("Lundi 23 novembre, 08:55 – 09:45 · Les classes en ligne · Les classes en ligne ne marchaient pas."), "\(list)")

            let day = try await app.get("/attendance/day", as: staff).visibleText
            #expect(day.contains("Léa Martin (4e B) · Mathématiques · Absent Incident de la plateforme : pas compté"), "\(day)")
            #expect(day.contains("Tom Petit (4e C) · Français · Absent") && !day.contains("Français · Absent Incident"))
            let guardian = try await app.session(for: world.guardian)
            let record = try await app.get("/attendance?pupil=\(world.pupil.id)", as: guardian).visibleText
            #expect(record.contains("non justifiées : 0") && record.contains("Les classes en ligne ne marchaient pas."), "\(record)")
            #expect(!(try await app.get("/attendance?pupil=\(world.pupil.id)", as: guardian).text.contains("/attendance/justify?")),
                "nothing to justify: an incident is not held against the pupil")
        }
    }

    @Test(arguments: [
        (window("9:30", "10:00"), "start"),
        (window("9:00", "8:00"), "end"),
        (window("8:00", "8:30", scope: "tout"), "scope"),
        ([("day", "2026-11-24"), ("start", "8:00"), ("end", "8:30"), ("scope", "platform")], "day"),
    ])
    func aBadWindowIsRefusedAndWritesNothing(form: [(String, String)], field: String) async throws {
        try await TestApp.run { (app) async throws in
            let staff = try await app.session(for: app.world.staff)
            let before = try await app.writtenState()
            let refused = try await app.post("/attendance/incidents", form: form, as: staff)
            #expect(refused.status == .unprocessableContent)
            if field == "scope" {
                #expect(refused.visibleText.contains("Choisissez une des propositions."))
            } else {
                #expect(refused.text.contains("id=\"\(field)\" name=\"\(field)\"") && refused.text.contains("aria-invalid=\"true\""), "\(field)")
            }
            #expect(try await app.writtenState() == before)
            let teacher = try await app.session(for: app.world.teacher)
            #expect(try await app.post("/attendance/incidents", form: Self.window("8:00", "8:30"), as: teacher).status == .notFound)
            #expect(try await app.writtenState() == before)
        }
    }
}
