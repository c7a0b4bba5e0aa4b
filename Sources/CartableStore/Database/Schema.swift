/// Cartable's schema, step by step. Every table carries `school_id`, so that every query can be
/// scoped by school and a region can later be split by school.
///
/// Types are chosen to mean the same on both engines: `TEXT`, `BIGINT` (booleans as 0/1, instants
/// as milliseconds since 1970), days as `YYYY-MM-DD` text.
public enum Schema {
    /// The steps, in order. Each lives in its feature's folder, one numbered file per step
    /// (`Notebook/Migration0003.swift`); a new one is added at the end, never changed once shipped.
    public static let migrations: [Migration] = [
        .schoolsPeopleAndClasses,
        .deviceSessions,
        .homeworkNotebook,
        .assignmentsSubmissionsAndDocuments,
        .contentVersions,
        .twoFactorSignIn,
        .securityLog,
        .privacyTexts,
        .accountRetention,
        .timetable,
        .schoolVideoSettings,
        .attendance,
        .justifications,
        .rollReminders,
        .nodeSignals,
        .messages,
        .announcements,
        .notifications,
        .onboarding,
        .remoteDaysAndAttendanceSettings,
    ]
}
