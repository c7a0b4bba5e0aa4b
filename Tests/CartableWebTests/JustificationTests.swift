import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import Testing

/// A guardian justifies an absence online; staff accept or refuse it; the record says so.
@Suite struct JustificationTests {
    static let monday = LocalDate(iso: "2026-11-23")!
    static let illness = AbsenceReason.ID(rawValue: "00000000-0000-4000-8000-500000000001")
    static let appointment = AbsenceReason.ID(rawValue: "00000000-0000-4000-8000-500000000002")

    /// Two reasons (one needs a proof) and Léa absent from Monday's maths.
    static func prepare(_ app: TestApp) async throws {
        let store = app.services.storage.attendance
        try await store.saveReason(AbsenceReason(id: illness, schoolID: app.world.school.id, label: "Maladie"), at: TestClock.mondayMorning)
        try await store.saveReason(
            AbsenceReason(id: appointment, schoolID: app.world.school.id, label: "Rendez-vous médical", needsProof: true), at: TestClock.mondayMorning)
        try await AttendanceRecordTests.record(app, app.world.courseMaths, .absent)
    }

    static func form(_ app: TestApp, reason: AbsenceReason.ID?, from: String = "2026-11-23", to: String = "", comment: String = "",
        pupil: User.ID? = nil) -> [(String, String)] {
        [("pupil", (pupil ?? app.world.pupil.id).rawValue), ("reason", reason?.rawValue ?? ""), ("from", from), ("to", to), ("comment", comment)]
    }

    @Test func aGuardianJustifiesStaffAcceptAndTheAbsenceIsJustified() async throws {
        try await TestApp.run { (app) async throws in
            try await Self.prepare(app)
            let guardian = try await app.session(for: app.world.guardian)
            let record = try await app.get("/attendance?pupil=\(app.world.pupil.id)", as: guardian)
            #expect(record.text.contains("/attendance/justify?pupil=\(app.world.pupil.id)&amp;date=2026-11-23"), "a Justifier link on the absence")
            let form = try await app.get("/attendance/justify?pupil=\(app.world.pupil.id)&date=2026-11-23", as: guardian)
            #expect(form.status == .ok && form.visibleText.contains("Justifier une absence · Léa") && form.text.contains("value=\"2026-11-23\""))

            let sent = try await app.post("/attendance/justify", form: Self.form(app, reason: Self.illness, comment: "Fièvre depuis dimanche"), as: guardian)
            #expect(sent.status == .seeOther && sent.headers[.location]?.contains("notice=justificationSent") == true)
            let pending = try await app.get("/attendance?pupil=\(app.world.pupil.id)", as: guardian).visibleText
            #expect(pending.contains("Justificatif envoyé : la vie scolaire va le lire"), "\(pending)")
            #expect(pending.contains("non justifiées : 1"), "waiting is not justified yet")
            #expect(!pending.contains("Justifier"), "no second justification while one waits")

            // Staff find it from the classes page, and accept it.
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.get("/classes", as: staff).text.contains("href=\"/attendance/justifications\""))
            let list = try await app.get("/attendance/justifications", as: staff).visibleText
            #expect(list.contains("Léa Martin · Lundi 23 novembre · Maladie") && list.contains("« Fièvre depuis dimanche »"), "\(list)")
            let id = try #require(try await app.services.storage.attendance.justifications(in: app.world.school.id, state: .pending, limit: 10).first?.id)
            let accepted = try await app.post("/attendance/justifications/\(id)", form: [("decision", "accepted"), ("note", "")], as: staff)
            #expect(accepted.status == .seeOther)
            #expect(try await app.get("/attendance/justifications", as: staff).visibleText.contains("Aucun justificatif en attente."))

            let done = try await app.get("/attendance", as: try await app.session(for: app.world.pupil)).visibleText
            #expect(done.contains("(justifiées : 1, non justifiées : 0)") && done.contains("Justifiée : Maladie"), "\(done)")
        }
    }

    @Test func aReasonThatNeedsAProofNeedsAFileAndTheFileIsTheFamilysAndStaffsOnly() async throws {
        try await TestApp.run { (app) async throws in
            try await Self.prepare(app)
            let guardian = try await app.session(for: app.world.guardian)
            let before = try await app.writtenState()
            let refused = try await app.post("/attendance/justify", form: Self.form(app, reason: Self.appointment), as: guardian)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.visibleText.contains("Ce motif demande un justificatif : ajoutez une photo ou un PDF."), "\(refused.visibleText)")
            #expect(try await app.writtenState() == before)

            let sent = try await app.upload(
                "/attendance/justify", fields: Self.form(app, reason: Self.appointment), fileName: "certificat.pdf", bytes: TestApp.documentBytes,
                as: guardian)
            #expect(sent.status == .seeOther, "\(sent.visibleText)")
            let justification = try #require(
                try await app.services.storage.attendance.justifications(in: app.world.school.id, state: .pending, limit: 10).first)
            #expect(justification.proof?.name == "certificat.pdf" && justification.proof?.kind == .pdf)
            let proof = "/attendance/justifications/\(justification.id)/proof"
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.get("/attendance/justifications", as: staff).text.contains("href=\"\(proof)\""))
            let file = try await app.get(proof, as: staff)
            #expect(file.status == .ok && file.headers[.contentType] == "application/pdf" && Array(file.body.readableBytesView) == TestApp.documentBytes)
            #expect(try await app.get(proof, as: guardian).status == .ok)
            for stranger in [app.world.pupilB, app.world.teacher, app.world.guardianX] {
                #expect(try await app.get(proof, as: try await app.session(for: stranger)).status == .notFound, "\(stranger.login)")
            }
        }
    }

    @Test func aRefusalIsShownWithStaffsWordAndTheFamilyMayJustifyAgain() async throws {
        try await TestApp.run { (app) async throws in
            try await Self.prepare(app)
            let guardian = try await app.session(for: app.world.guardian)
            #expect(try await app.post("/attendance/justify", form: Self.form(app, reason: Self.illness), as: guardian).status == .seeOther)
            let id = try #require(try await app.services.storage.attendance.justifications(in: app.world.school.id, state: .pending, limit: 10).first?.id)
            let staff = try await app.session(for: app.world.staff)
            let bad = try await app.post("/attendance/justifications/\(id)", form: [("decision", "maybe")], as: staff)
            #expect(bad.status == .unprocessableContent && bad.visibleText.contains("Choisissez une des propositions."))
            let refused = try await app.post(
                "/attendance/justifications/\(id)", form: [("decision", "refused"), ("note", "Léa était en ville à 9:30.")], as: staff)
            #expect(refused.status == .seeOther)
            let page = try await app.get("/attendance?pupil=\(app.world.pupil.id)", as: guardian)
            #expect(page.visibleText.contains("Justificatif refusé « Léa était en ville à 9:30. »"), "\(page.visibleText)")
            #expect(page.visibleText.contains("non justifiées : 1") && page.text.contains("/attendance/justify?pupil="), "the family may try again")
            // The pupil reads it but does not justify (the school has not let pupils of age do it).
            let pupil = try await app.session(for: app.world.pupil)
            #expect(!(try await app.get("/attendance", as: pupil).text.contains("/attendance/justify")))
            #expect(try await app.get("/attendance/justify", as: pupil).status == .notFound)
        }
    }

    static let bad: [(String, @Sendable (TestApp) -> [(String, String)], HTTPResponse.Status, String)] = [
        ("another family's child", { app in form(app, reason: illness, pupil: app.world.pupilB.id) }, .notFound, ""),
        ("no reason", { app in form(app, reason: nil) }, .unprocessableContent, "Ce champ est obligatoire."),
        ("an unknown reason", { app in form(app, reason: AbsenceReason.ID(rawValue: "00000000-0000-4000-8000-5000000000ff")) }, .unprocessableContent,
            "Choisissez une des propositions."),
        ("a period ending before it starts", { app in form(app, reason: illness, from: "2026-11-23", to: "2026-11-20") }, .unprocessableContent,
            "La fin doit être après le début."),
        ("a day that is not a date", { app in form(app, reason: illness, from: "23/11/2026") }, .unprocessableContent, ""),
        ("a day a year ago", { app in form(app, reason: illness, from: "2025-11-23") }, .unprocessableContent, ""),
        ("a period of two months", { app in form(app, reason: illness, from: "2026-11-02", to: "2026-12-20") }, .unprocessableContent, ""),
        ("a comment too long", { app in form(app, reason: illness, comment: String(repeating: "x", count: 501)) }, .unprocessableContent, ""),
    ]

    @Test(arguments: bad.indices)
    func badInputIsRefusedAndWritesNothing(index: Int) async throws {
        let (name, makeForm, status, message) = Self.bad[index]
        try await TestApp.run { (app) async throws in
            try await Self.prepare(app)
            let guardian = try await app.session(for: app.world.guardian)
            let before = try await app.writtenState()
            let response = try await app.post("/attendance/justify", form: makeForm(app), as: guardian)
            #expect(response.status == status, "\(name): \(response.visibleText)")
            if !message.isEmpty { #expect(response.visibleText.contains(message), "\(name): \(response.visibleText)") }
            #expect(try await app.writtenState() == before, "\(name)")
        }
    }

    @Test func staffKeepTheReasonsWithTheirTwoSettingsAndALabelOnce() async throws {
        try await TestApp.run { (app) async throws in
            try await Self.prepare(app)
            let staff = try await app.session(for: app.world.staff)
            #expect(try await app.get("/classes", as: staff).text.contains("href=\"/attendance/reasons\""))
            let page = try await app.get("/attendance/reasons", as: staff)
            #expect(page.status == .ok && page.text.contains("value=\"Maladie\"") && page.text.contains("value=\"Rendez-vous médical\""))
            let added = try await app.post("/attendance/reasons", form: [("label", " Sortie scolaire "), ("needsProof", "")], as: staff)
            #expect(added.status == .seeOther)
            let trip = try #require(try await app.services.storage.attendance.reasons(in: app.world.school.id).first { $0.label == "Sortie scolaire" })
            #expect(!trip.countsAsAbsence && !trip.needsProof, "unticked boxes are off")
            // Changed in place: the illness now needs a proof.
            let changed = try await app.post(
                "/attendance/reasons/\(Self.illness)", form: [("label", "Maladie"), ("countsAsAbsence", "on"), ("needsProof", "on")], as: staff)
            #expect(changed.status == .seeOther)
            let illness = try #require(try await app.services.storage.attendance.reasons(in: app.world.school.id).first { $0.id == Self.illness })
            #expect(illness.needsProof && illness.countsAsAbsence)

            let before = try await app.writtenState()
            let twice = try await app.post("/attendance/reasons", form: [("label", "Maladie"), ("countsAsAbsence", "on")], as: staff)
            #expect(twice.status == .unprocessableContent && twice.visibleText.contains("Ce motif existe déjà."))
            #expect(try await app.post("/attendance/reasons", form: [("label", "  ")], as: staff).status == .unprocessableContent)
            #expect(try await app.post("/attendance/reasons", form: [("label", String(repeating: "x", count: 61))], as: staff).status == .unprocessableContent)
            #expect(try await app.post("/attendance/reasons/00000000-0000-4000-8000-5000000000ff", form: [("label", "X")], as: staff).status == .notFound)
            #expect(try await app.post("/attendance/reasons", form: [("label", "Autre")], as: try await app.session(for: app.world.teacher)).status == .notFound)
            #expect(try await app.post("/attendance/reasons/\(Self.illness)", form: [("label", "X")], as: try await app.session(for: app.world.staffX)).status == .notFound)
            #expect(try await app.writtenState() == before)
        }
    }
}
