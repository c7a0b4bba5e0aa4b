import CartableCore
import CartableStore
import Foundation

/// What families and staff do with justifications, behind the access policy.
struct JustificationActions: Sendable {
    let services: AppServices

    /// The pupil a viewer justifies for: a guardian's child (`?pupil=`, else the first), or a pupil of age themself when
    /// the school allows it. Anyone else: ``NotFound``.
    func justifiablePupil(_ rawID: String?, viewer: Viewer) async throws -> Viewer.Child {
        guard let pupil = try NotebookActions(services: services).followedPupil(rawID, viewer: viewer),
            services.policy.allows(
                viewer, .justify(pupilID: pupil.pupil.id, schoolID: viewer.schoolID, pupilMayJustify: try await pupilMayJustify(viewer: viewer)))
        else { throw NotFound() }
        return pupil
    }

    /// Whether the viewer is a pupil who justifies their own absences today: the school lets pupils of age do so, and
    /// the school's records say they are 18 (a pupil with no birth date on record is not).
    func pupilMayJustify(viewer: Viewer) async throws -> Bool {
        guard viewer.role == .pupil else { return false }
        let attendance = services.storage.attendance
        let settings = try await attendance.settings(of: viewer.schoolID)
        guard settings.pupilsOfAgeJustify else { return false }
        return settings.pupilMayJustify(
            bornOn: try await attendance.birthDate(ofPupil: viewer.user.id, in: viewer.schoolID), on: services.today(for: viewer))
    }

    /// The school's reasons, as families choose them.
    func reasons(viewer: Viewer) async throws -> [AbsenceReason] {
        try await services.storage.attendance.reasons(in: viewer.schoolID)
    }

    /// Records a family's justification, pending until staff decide; refused (`ValidationError`) with nothing written.
    func submit(_ input: JustificationInput, proof: StoredFile?, for pupil: Viewer.Child, viewer: Viewer) async throws -> Justification {
        guard
            services.policy.allows(
                viewer, .justify(pupilID: pupil.pupil.id, schoolID: viewer.schoolID, pupilMayJustify: try await pupilMayJustify(viewer: viewer)))
        else { throw NotFound() }
        let checked = try input.validated(reasons: try await reasons(viewer: viewer), today: services.today(for: viewer), hasProof: proof != nil)
        let justification = Justification(
            id: .make(using: services.identifiers), schoolID: viewer.schoolID, pupilID: pupil.pupil.id, from: checked.from, to: checked.to,
            reasonID: checked.reason.id, comment: checked.comment, proof: proof, state: .pending, submittedBy: viewer.user.id,
            submittedAt: services.clock.now())
        try await services.storage.attendance.addJustification(justification)
        return justification
    }

    /// A justification with what staff's list shows of it.
    struct Pending: Sendable {
        var justification: Justification
        var pupil: User?
        var reason: AbsenceReason?
        var sender: User?
    }

    /// The justifications that wait for staff, oldest first.
    func pending(viewer: Viewer) async throws -> [Pending] {
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        let storage = services.storage
        let reasons = Dictionary(try await reasons(viewer: viewer).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [Pending] = []
        for justification in try await storage.attendance.justifications(in: viewer.schoolID, state: .pending, limit: 200) {
            found.append(
                Pending(
                    justification: justification, pupil: try await storage.identity.user(justification.pupilID, in: viewer.schoolID),
                    reason: reasons[justification.reasonID], sender: try await storage.identity.user(justification.submittedBy, in: viewer.schoolID)))
        }
        return found
    }

    /// Staff accept or refuse a justification; ``NotFound`` for another school's, `ValidationError` for a bad decision.
    func decide(_ id: Justification.ID, _ input: JustificationDecisionInput, viewer: Viewer) async throws -> JustificationState {
        guard services.policy.allows(viewer, .manageAttendance(schoolID: viewer.schoolID)) else { throw NotFound() }
        let (state, note) = try input.validated()
        guard
            try await services.storage.attendance.decideJustification(
                id, state: state, note: note, by: viewer.user.id, in: viewer.schoolID, at: services.clock.now())
        else { throw NotFound() }
        return state
    }

    /// A justification whose proof the viewer may open: staff of its school, the pupil, the pupil's guardians.
    func readableJustification(_ id: Justification.ID, viewer: Viewer) async throws -> Justification {
        guard let justification = try await services.storage.attendance.justification(id, in: viewer.schoolID),
            services.policy.allows(viewer, .readPupilAttendance(pupilID: justification.pupilID, schoolID: justification.schoolID))
        else { throw NotFound() }
        return justification
    }
}
