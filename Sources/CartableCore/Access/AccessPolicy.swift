/// The one place that decides who may read and write what (DESIGN.md §3).
///
/// Every handler asks it before touching data. It does no I/O: the caller loads the resource
/// (always scoped by the viewer's school) and the viewer's facts, then asks. A refusal must look
/// exactly like a missing resource (404), so that ids from other classes or schools leak nothing.
public struct AccessPolicy: Sendable {
    /// Something a viewer wants to do.
    /// Something a viewer wants to do: one case per feature, each feature's actions and rules in its
    /// own folder (`Notebook/NotebookAccess.swift`, …). Call sites write `.readEntry(entry)` as before:
    /// each feature declares a factory for each of its actions.
    public enum Action: Sendable, Hashable {
        /// The homework notebook.
        case notebook(NotebookAccess)
        /// Work to hand in.
        case assignments(AssignmentAccess)
        /// Class documents.
        case documents(DocumentAccess)
        /// Accounts, devices, sign-in, the security log and the privacy text.
        case identity(IdentityAccess)
        /// The school year, the weekly timetable and its one-off changes.
        case timetable(TimetableAccess)
        /// Rolls, absences and their justifications, incident windows.
        case attendance(AttendanceAccess)
        /// Messages between people, and the school's messaging rules.
        case messages(MessagesAccess)
        /// Announcements, their acknowledgements, urgent banners.
        case announcements(AnnouncementsAccess)
        /// Imports, activation letters, the school's structure and its audit log.
        case onboarding(OnboardingAccess)
    }

    /// Creates the policy.
    public init() {}

    /// Whether `viewer` may do `action`.
    public func allows(_ viewer: Viewer, _ action: Action) -> Bool {
        guard !viewer.user.isDisabled else { return false }
        switch action {
        case .notebook(let action): return allows(viewer, notebook: action)
        case .assignments(let action): return allows(viewer, assignments: action)
        case .documents(let action): return allows(viewer, documents: action)
        case .identity(let action): return allows(viewer, identity: action)
        case .timetable(let action): return allows(viewer, timetable: action)
        case .attendance(let action): return allows(viewer, attendance: action)
        case .messages(let action): return allows(viewer, messages: action)
        case .announcements(let action): return allows(viewer, announcements: action)
        case .onboarding(let action): return allows(viewer, onboarding: action)
        }
    }

    /// The classes whose notebook `viewer` may read, or `nil` for "every class of the school" (staff).
    public func readableClassIDs(_ viewer: Viewer) -> Set<SchoolClass.ID>? {
        switch viewer.role {
        case .pupil: return viewer.classIDs
        case .guardian: return viewer.children.reduce(into: Set()) { $0.formUnion($1.classIDs) }
        case .teacher: return viewer.taughtClassIDs
        case .staff: return nil
        }
    }

    /// The pupils whose work `viewer` follows: themself for a pupil, their children for a guardian.
    public func followedPupils(_ viewer: Viewer) -> [Viewer.Child] {
        switch viewer.role {
        case .pupil: return [Viewer.Child(pupil: viewer.user, classIDs: viewer.classIDs)]
        case .guardian: return viewer.children
        case .teacher, .staff: return []
        }
    }
}
