import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CartableWeb

/// The alert list (four unjustified half-days in a month) and the CSV export, for staff.
@Suite struct AlertTests {
    static let mondays = ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"].map { LocalDate(iso: $0)! }

    /// Léa absent from maths four Mondays of November: four morning half-days.
    static func fourMondays(_ app: TestApp) async throws {
        for day in mondays {
            try await app.services.storage.attendance.saveMark(
                AttendanceMark(
                    courseID: app.world.courseMaths.id, plannedDate: day, pupilID: app.world.pupil.id, status: .absent, revision: 1,
                    recordedBy: app.world.teacher.id, recordedAt: day.instant(atMinute: 9 * 60 + 5, in: app.world.school.timeZone)),
                in: app.world.school.id)
        }
    }

    @Test func fourUnjustifiedHalfDaysInAMonthRaiseAnAlertAndAnAcceptedJustificationLowersIt() async throws {
        try await TestApp.run { (app) async throws in
            try await Self.fourMondays(app)
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.get("/classes", as: staff).text.contains("href=\"/attendance/alerts\""))
            let page = try await app.get("/attendance/alerts", as: staff)
            #expect(page.status == .ok)
            #expect(page.visibleText.contains("Léa Martin · novembre 2026 · 4 demi-journées non justifiées"), "\(page.visibleText)")
            #expect(page.text.contains("/attendance/pupils/\(app.world.pupil.id)?from=2026-11-01&amp;to=2026-11-23"))

            let reason = AbsenceReason(id: .init(rawValue: "00000000-0000-4000-8000-540000000001"), schoolID: app.world.school.id, label: "Maladie")
            try await app.services.storage.attendance.saveReason(reason, at: app.clock.now())
            try await app.services.storage.attendance.addJustification(
                Justification(
                    id: .init(rawValue: "00000000-0000-4000-8000-540000000002"), schoolID: app.world.school.id, pupilID: app.world.pupil.id,
                    from: Self.mondays[0], to: Self.mondays[0], reasonID: reason.id, state: .accepted, submittedBy: app.world.guardian.id,
                    submittedAt: app.clock.now(), decidedBy: app.world.staff.id, decidedAt: app.clock.now()))
            #expect(try await app.get("/attendance/alerts", as: staff).visibleText.contains("Aucun élève n'atteint le seuil cette année."))
            for other in [app.world.teacher, app.world.guardian, app.world.pupil, app.world.staffX] {
                let response = try await app.get("/attendance/alerts", as: try await app.session(for: other))
                if other.id == app.world.staffX.id {
                    #expect(!response.visibleText.contains("Léa"), "another school's staff see their own school only")
                } else {
                    #expect(response.status == .notFound, "\(other.login)")
                }
            }
        }
    }

    @Test func thePeriodExportsAsCSVWithIncidentsNeverCountedAsUnjustified() async throws {
        try await TestApp.run { (app) async throws in
            try await Self.fourMondays(app)
            let teacher = try await app.session(for: app.world.teacher)
            // Maths on 23 November was a live class during an incident window.
            let live = "/timetable/courses/\(app.world.courseMaths.id)/2026-11-23/live"
            #expect(try await app.post(live, form: [("mode", "link"), ("link", "https://visio.example.org/maths")], as: teacher).status == .seeOther)
            try await app.services.storage.attendance.addIncidentWindow(
                IncidentWindow(
                    id: .init(rawValue: "00000000-0000-4000-8000-540000000003"), start: TestClock.mondayMorning,
                    end: TestClock.mondayMorning.addingTimeInterval(3_600), schoolIDs: [app.world.school.id], scope: .liveClasses),
                by: app.world.staff.id, at: TestClock.mondayMorning)
            let staff = try await app.session(for: app.world.staff)
            let response = try await app.get("/attendance/export.csv?from=2026-11-01&to=2026-11-30", as: staff)
            #expect(response.status == .ok && response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"absences-2026-11-01-2026-11-30.csv\"")
            let text = String(decoding: response.body.readableBytesView, as: UTF8.self)
            #expect(text.hasPrefix("\u{FEFF}Date;Début;Fin;Classe ou groupe;Nom;Prénom;Matière;"))
            let lines = text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 5, "\(lines)")
            #expect(lines[1] == "2026-11-02;09:00;10:00;4e B;Martin;Léa;Mathématiques;Absent;;;;;oui")
            #expect(lines[4] == "2026-11-23;09:00;10:00;4e B;Martin;Léa;Mathématiques;Absent;;;;oui;non", "the incident: marked, not counted")

            for bad in ["?from=2026-11-30&to=2026-11-01", "?from=2026-11-01", "?from=2025-01-01&to=2026-11-30", "?from=hier&to=2026-11-30"] {
                let refused = try await app.get("/attendance/export.csv" + bad, as: staff)
                #expect(refused.status == .badRequest && refused.visibleText.contains("Choisissez deux dates"), "\(bad)")
            }
            #expect(try await app.get("/attendance/export.csv?from=2026-11-01&to=2026-11-30", as: teacher).status == .notFound)
        }
    }

    @Test func aCSVFieldIsQuotedWhenItMustBeAndNeverReadAsAFormula() {
        #expect(CSVLine.make(["a", "b;c", "d\"e", "=1+1", "-2", "@x", "ligne\nsuite"]) == "a;\"b;c\";\"d\"\"e\";'=1+1;'-2;'@x;\"ligne\nsuite\"\r\n")
    }
}
