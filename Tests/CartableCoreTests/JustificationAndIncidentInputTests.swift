import CartableCore
import Foundation
import Testing

/// A family's justification and an incident window as typed: every rule, as tables.
@Suite struct JustificationAndIncidentInputTests {
    static let school = School.ID(rawValue: "00000000-0000-4000-8000-000000000a01")
    static let today = LocalDate(iso: "2026-11-23")!
    static let illness = AbsenceReason(id: .init(rawValue: "00000000-0000-4000-8000-000000000b01"), schoolID: school, label: "Maladie", needsProof: true)
    static let trip = AbsenceReason(
        id: .init(rawValue: "00000000-0000-4000-8000-000000000b02"), schoolID: school, label: "Sortie", countsAsAbsence: false)
    static let paris = TimeZone(identifier: "Europe/Paris")!
    /// Monday 23 November 2026, 9:00 in Paris.
    static let now = Date(timeIntervalSince1970: 1_795_420_800)

    @Test func aJustificationCoversItsDaysAndAMissingEndIsTheFirstDay() throws {
        let one = try JustificationInput(reasonID: Self.trip.id.rawValue, from: "2026-11-23", comment: "  Sortie au musée \n").validated(
            reasons: [Self.illness, Self.trip], today: Self.today, hasProof: false)
        #expect(one.from == Self.today && one.to == Self.today && one.comment == "Sortie au musée" && one.reason == Self.trip)
        let three = try JustificationInput(reasonID: Self.illness.id.rawValue, from: "2026-11-23", to: "2026-11-25").validated(
            reasons: [Self.illness], today: Self.today, hasProof: true)
        #expect(three.to == LocalDate(iso: "2026-11-25"))
    }

    static let badJustifications: [(JustificationInput, Bool, String, FieldIssue.Problem)] = [
        (JustificationInput(from: "2026-11-23"), true, "reason", .required),
        (JustificationInput(reasonID: "00000000-0000-4000-8000-000000000bff", from: "2026-11-23"), true, "reason", .invalidChoice),
        (JustificationInput(reasonID: illness.id.rawValue, from: "2026-11-23"), false, "proof", .proofNeeded),
        (JustificationInput(reasonID: trip.id.rawValue), false, "from", .required),
        (JustificationInput(reasonID: trip.id.rawValue, from: "2026-11-31"), false, "from", .invalidDate),
        (JustificationInput(reasonID: trip.id.rawValue, from: "2026-06-01"), false, "from", .dateOutOfRange),
        (JustificationInput(reasonID: trip.id.rawValue, from: "2027-01-30"), false, "from", .dateOutOfRange),
        (JustificationInput(reasonID: trip.id.rawValue, from: "2026-11-23", to: "2026-11-22"), false, "to", .endBeforeStart),
        (JustificationInput(reasonID: trip.id.rawValue, from: "2026-11-01", to: "2026-12-15"), false, "to", .notInRange(min: 1, max: 31)),
        (JustificationInput(reasonID: trip.id.rawValue, from: "2026-11-23", comment: String(repeating: "é", count: 501)), false, "comment",
            .tooLong(max: 500)),
    ]

    @Test(arguments: badJustifications.indices)
    func aBadJustificationIsRefusedNamingTheField(index: Int) {
        let (input, hasProof, field, problem) = Self.badJustifications[index]
        do {
            _ = try input.validated(reasons: [Self.illness, Self.trip], today: Self.today, hasProof: hasProof)
            Issue.record("accepted \(input)")
        } catch {
            #expect(error.problem(for: field) == problem, "\(input): \(error.issues)")
        }
    }

    @Test func theNewestJustificationOfADayDecides() {
        let pupil = User.ID(rawValue: "00000000-0000-4000-8000-000000000c01")
        func sent(_ id: Int, from: String, to: String, at seconds: TimeInterval, _ state: JustificationState) -> Justification {
            Justification(
                id: .init(rawValue: "00000000-0000-4000-8000-00000000d00\(id)"), schoolID: Self.school, pupilID: pupil, from: LocalDate(iso: from)!,
                to: LocalDate(iso: to)!, reasonID: Self.trip.id, state: state, submittedBy: pupil, submittedAt: Self.now.addingTimeInterval(seconds))
        }
        let refused = sent(1, from: "2026-11-23", to: "2026-11-24", at: 0, .refused)
        let again = sent(2, from: "2026-11-23", to: "2026-11-23", at: 60, .pending)
        #expect(Justification.deciding([refused, again], on: Self.today) == again)
        #expect(Justification.deciding([again, refused], on: LocalDate(iso: "2026-11-24")!) == refused)
        #expect(Justification.deciding([refused, again], on: LocalDate(iso: "2026-11-25")!) == nil)
    }

    @Test func aDecisionIsAcceptOrRefuseWithAShortNote() throws {
        #expect(try JustificationDecisionInput(decision: "accepted").validated().state == .accepted)
        #expect(try JustificationDecisionInput(decision: "refused", note: " Pas de certificat ").validated() == (.refused, "Pas de certificat"))
        for bad in [JustificationDecisionInput(), JustificationDecisionInput(decision: "pending"), JustificationDecisionInput(decision: "none"),
            JustificationDecisionInput(decision: "accepted", note: String(repeating: "x", count: 301))] {
            #expect(throws: ValidationError.self) { try bad.validated() }
        }
    }

    @Test func anIncidentWindowIsADayAndTwoTimesInTheSchoolsZone() throws {
        let window = try IncidentWindowInput(day: "2026-11-23", start: "8:30", end: "9:40", scope: "live_classes", note: "Visio en panne").validated(
            id: .init(rawValue: "00000000-0000-4000-8000-000000000e01"), schoolIDs: [Self.school], zone: Self.paris, now: Self.now)
        #expect(window.start == Self.now.addingTimeInterval(-1_800) && window.end == Self.now.addingTimeInterval(2_400), "an ongoing window may end later")
        #expect(window.scope == .liveClasses && window.server == "" && window.note == "Visio en panne" && window.schoolIDs == [Self.school])
        let server = try IncidentWindowInput(day: "2026-11-20", start: "9:00", end: "10:00", scope: "video_server", server: "https://bbb.example.fr/bigbluebutton/")
            .validated(id: .init(rawValue: "00000000-0000-4000-8000-000000000e02"), schoolIDs: [Self.school], zone: Self.paris, now: Self.now)
        #expect(server.server == "https://bbb.example.fr/bigbluebutton/")
    }

    static let badWindows: [(IncidentWindowInput, String, FieldIssue.Problem)] = [
        (IncidentWindowInput(start: "9:00", end: "9:30", scope: "platform"), "day", .required),
        (IncidentWindowInput(day: "2026-11-24", start: "9:00", end: "9:30", scope: "platform"), "day", .dateOutOfRange),
        (IncidentWindowInput(day: "2026-05-01", start: "9:00", end: "9:30", scope: "platform"), "day", .dateOutOfRange),
        (IncidentWindowInput(day: "2026-11-23", start: "9:30", end: "10:00", scope: "platform"), "start", .dateOutOfRange),
        (IncidentWindowInput(day: "2026-11-23", start: "8:00", end: "7:00", scope: "platform"), "end", .endBeforeStart),
        (IncidentWindowInput(day: "2026-11-23", start: "8:00", end: "25:00", scope: "platform"), "end", .invalidTime),
        (IncidentWindowInput(day: "2026-11-23", start: "8:00", end: "8:30", scope: "tout"), "scope", .invalidChoice),
        (IncidentWindowInput(day: "2026-11-23", start: "8:00", end: "8:30", scope: "video_server"), "server", .required),
        (IncidentWindowInput(day: "2026-11-23", start: "8:00", end: "8:30", scope: "video_server", server: "pas une adresse"), "server", .invalidURL),
        (IncidentWindowInput(day: "2026-11-23", start: "8:00", end: "8:30", scope: "platform", note: String(repeating: "x", count: 301)), "note",
            .tooLong(max: 300)),
    ]

    @Test(arguments: badWindows.indices)
    func aBadWindowIsRefusedNamingTheField(index: Int) {
        let (input, field, problem) = Self.badWindows[index]
        do {
            _ = try input.validated(id: .init(rawValue: "00000000-0000-4000-8000-000000000eff"), schoolIDs: [Self.school], zone: Self.paris, now: Self.now)
            Issue.record("accepted \(input)")
        } catch {
            #expect(error.problem(for: field) == problem, "\(input): \(error.issues)")
        }
    }
}
