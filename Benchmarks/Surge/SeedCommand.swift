import ArgumentParser
import CartableCore
import CartableDemo
import CartableStore
import Crypto
import Foundation
import HummingbirdBcrypt
import Logging

/// `cartable-surge seed`: fills a database with collèges of about 600 pupils (the demo school's shape,
/// a week and a half of notebook, work to hand in with a ~100 KB worksheet on each) and writes the plan
/// the run replays: who comes, with which remembered-device token or password.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Create N pupils in collèges of ~600, their guardians and teachers, and the plan of the morning.")

    @Option(help: "Database: sqlite:PATH or postgres://user@host:port/name.") var database: String
    @Option(help: "Folder of the server's files (its --blob-dir).") var blobDir: String
    @Option(help: "Pupils to create (rounded to whole classes).") var pupils = 50_000
    @Option(help: "Share of pupils who sign in with a password rather than a remembered device.") var passwordShare = 0.05
    @Option(help: "Share of pupils whose guardian comes too.") var guardianShare = 0.30
    @Option(help: "Where to write the plan.") var plan = "surge-plan.tsv"
    @Option(help: "bcrypt cost of the (shared) password hash; the server checks it at this cost.") var bcryptCost = 11
    @Flag(help: "No timetable (the school day before it existed): no weekly courses, no live course to join.") var noTimetable = false
    @Option(help: "Pupils per division (default: about 25, from --pupils over collèges of ~600).") var pupilsPerClass: Int?

    func run() async throws {
        let (database, location, pool, logger) = try await SurgeDatabase.open(database, poolSize: 4)
        defer { pool.cancel() }
        _ = try await Migrator().migrate(database, logger: logger)
        let storage = Storage(database: database)
        let blobs = try BlobStore(root: URL(fileURLWithPath: blobDir))
        let hash = Bcrypt.hash(DemoSchool.password, cost: UInt8(bcryptCost))
        let perSchool = 24.0 * Double(self.pupilsPerClass ?? 25)
        let schools = max(1, Int((Double(pupils) / perSchool).rounded(.up)))
        let pupilsPerClass = self.pupilsPerClass ?? max(1, Int((Double(pupils) / Double(schools * 24)).rounded()))
        let started = Date()
        let now = Date()
        var random = SystemRandomNumberGenerator()
        var lines: [String] = []
        var firstNumber = 1
        // Several runs may share a database: start after the highest collège number already there.
        while try await storage.schools.school(uai: String(format: "08%05dS", firstNumber)) != nil { firstNumber += 1 }
        print("seeding \(schools) collèges of \(pupilsPerClass * 24) pupils (numbers \(firstNumber)…) into \(location)")
        for number in firstNumber..<(firstNumber + schools) {
            let school = DemoSchool(number: number, pupilsPerClass: pupilsPerClass, passwordHash: hash)
            try await storage.schools.importRoster(school.roster, at: now)
            let today = school.school.today(at: now)
            let entries = school.entries(upTo: today, after: nil, createdAt: now)
            try await storage.notebook.createEntries(entries)
            try await DemoAssignments.seed(entries: entries, storage: storage, blobs: blobs, classes: school.roster.classes, now: now, worksheetEvery: 1)
            let live = noTimetable ? [] : try await SurgeTimetable.seed(school, storage: storage, now: now)
            var sessions: [(session: DeviceSession, tokenDigest: String)] = []
            func remembered(_ user: User) -> String {
                let token = Self.token(&random)
                let session = DeviceSession(
                    id: .init(rawValue: UUID().uuidString.lowercased()), userID: user.id, schoolID: user.schoolID, createdAt: now,
                    lastSeenAt: now, expiresAt: now.addingTimeInterval(30 * 86_400), isRemembered: true, deviceLabel: "Surge",
                    csrfToken: Self.token(&random))
                sessions.append((session, SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()))
                return token
            }
            let guardians = Dictionary(grouping: school.roster.guardianships, by: \.pupilID)
            let accounts = Dictionary(uniqueKeysWithValues: school.roster.accounts.map { ($0.user.id, $0.user) })
            for account in school.roster.accounts {
                let user = account.user
                switch user.role {
                // Columns: role, login, token (`-`: signs in with the password), id, the collège's UAI (streams and messages use them).
                case .pupil:
                    let withPassword = Double.random(in: 0..<1, using: &random) < passwordShare
                    lines.append("pupil\t\(user.login)\t\(withPassword ? "-" : remembered(user))\t\(user.id)\t\(school.school.uai)")
                    if Double.random(in: 0..<1, using: &random) < guardianShare, let guardianID = guardians[user.id]?.first?.guardianID,
                        let guardian = accounts[guardianID]
                    {
                        lines.append("guardian\t\(guardian.login)\t\(remembered(guardian))\t\(guardian.id)\t\(school.school.uai)")
                    }
                case .teacher:
                    lines.append("teacher\t\(user.login)\t\(remembered(user))\t\(user.id)\t\(school.school.uai)")
                case .staff:
                    lines.append("staff\t\(user.login)\t\(remembered(user))\t\(user.id)\t\(school.school.uai)")
                case .guardian:
                    break
                }
            }
            // Each live course's teacher starts it (a session of their own, apart from their visit if they come).
            for course in live {
                guard let teacher = accounts[course.teacherID] else { continue }
                lines.append("live\t\(teacher.login)\t\(remembered(teacher))\t\(course.joinPath)")
            }
            try await storage.sessions.createSessions(sessions)
            if number == firstNumber || (number - firstNumber + 1) % 10 == 0 {
                print("  \(number - firstNumber + 1)/\(schools) collèges, \(Int(Date().timeIntervalSince(started))) s")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: plan, atomically: true, encoding: .utf8)
        let counts = Dictionary(grouping: lines, by: { $0.prefix(while: { $0 != "\t" }) }).mapValues(\.count)
        print(
            "seeded in \(Int(Date().timeIntervalSince(started))) s: \(counts["pupil"] ?? 0) pupils, \(counts["guardian"] ?? 0) guardians who will come, "
                + "\(counts["teacher"] ?? 0) teachers, \(counts["live"] ?? 0) live courses; plan in \(plan)")
        await database.shutdown()
    }

    /// A token shaped like the server's: 32 random bytes, base64url without padding.
    static func token(_ random: inout SystemRandomNumberGenerator) -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The node's database as the tool opens it: quiet logs, the pool running until cancelled.
enum SurgeDatabase {
    static func open(_ text: String, poolSize: Int) async throws -> (
        database: any SQLDatabase, location: DatabaseLocation, pool: Task<Void, any Error>, logger: Logger
    ) {
        guard let location = DatabaseLocation(parsing: text) else { throw ValidationError("unknown database \(text)") }
        var logger = Logger(label: "surge")
        logger.logLevel = .warning
        let database = try await Storage.openDatabase(location, poolSize: poolSize, logger: logger)
        let pool = Task { try await database.run() }
        return (database, location, pool, logger)
    }
}
