import CartableCore
import Logging

/// Every store of the application, over one database.
public struct Storage: Sendable {
    /// The database the stores share.
    public let database: any SQLDatabase
    /// Accounts.
    public let identity: any IdentityStore
    /// Signed-in devices.
    public let sessions: any SessionStore
    /// Two-factor sign-in.
    public let twoFactor: any TwoFactorStore
    /// Each school's security log.
    public let securityLog: any SecurityLogStore
    /// Each school's privacy page text.
    public let privacy: any PrivacyStore
    /// Everything held about one person, for their right of access.
    public let personalData: any PersonalDataStore
    /// Disabled accounts past the school's retention period, and their purge.
    public let purges: any AccountPurgeStore
    /// Schools and classes.
    public let schools: any SchoolStore
    /// The homework notebook.
    public let notebook: any NotebookStore
    /// Work to hand in and submissions.
    public let assignments: any AssignmentStore
    /// Documents shared with classes.
    public let documents: any DocumentStore
    /// The school year and the weekly timetable.
    public let timetable: any TimetableStore
    /// Each person's private calendar feed link.
    public let calendarFeeds: any CalendarFeedStore
    /// Each school's own live-class servers.
    public let videoSettings: any VideoSettingsStore
    /// Rolls, absence reasons and incident windows.
    public let attendance: any AttendanceStore
    /// Messages between people and the school's messaging rules.
    public let messages: any MessageStore
    /// Announcements and urgent banners.
    public let announcements: any AnnouncementStore
    /// Notification settings and the e-mail outbox.
    public let notifications: any NotificationStore
    /// Imports, activation codes, the charter and the audit log.
    public let onboarding: any OnboardingStore
    /// The versions of classes' and pupils' content, in memory (see ``ContentVersions``).
    public let versions: ContentVersions

    /// The SQL stores over `database`; `sessions` in place of the SQL session store if given (the web
    /// application's composition root, `AppServices.make`, passes one that forgets cached sessions).
    public init(database: any SQLDatabase, sessions: (any SessionStore)? = nil) {
        self.database = database
        self.identity = SQLIdentityStore(database: database)
        self.sessions = sessions ?? SQLSessionStore(database: database)
        self.twoFactor = SQLTwoFactorStore(database: database)
        self.securityLog = SQLSecurityLogStore(database: database)
        self.privacy = SQLPrivacyStore(database: database)
        self.personalData = SQLPersonalDataStore(database: database)
        self.schools = SQLSchoolStore(database: database)
        let versions = ContentVersions()
        self.versions = versions
        self.notebook = SQLNotebookStore(database: database, versions: versions)
        self.assignments = SQLAssignmentStore(database: database, versions: versions)
        self.documents = SQLDocumentStore(database: database, versions: versions)
        self.purges = SQLAccountPurgeStore(database: database, versions: versions)
        self.timetable = SQLTimetableStore(database: database, versions: versions)
        self.calendarFeeds = SQLCalendarFeedStore(database: database)
        self.videoSettings = SQLVideoSettingsStore(database: database)
        self.attendance = SQLAttendanceStore(database: database, versions: versions)
        self.messages = SQLMessageStore(database: database, versions: versions)
        self.announcements = SQLAnnouncementStore(database: database, versions: versions)
        self.notifications = SQLNotificationStore(database: database)
        self.onboarding = SQLOnboardingStore(database: database, versions: versions)
    }

    /// Opens the database at `location` (without migrating it).
    public static func openDatabase(_ location: DatabaseLocation, poolSize: Int = 16, logger: Logger) async throws -> any SQLDatabase {
        switch location {
        case .sqlite(let path):
            return try await SQLiteDatabase.open(path: path, logger: logger)
        case .postgres(let host, let port, let username, let password, let database, let requireTLS):
            return PostgresDatabase(
                host: host, port: port, username: username, password: password, database: database, requireTLS: requireTLS,
                maximumConnections: poolSize, logger: logger)
        }
    }
}
