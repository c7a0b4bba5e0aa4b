import ArgumentParser
import CartableStore
import Foundation
import Logging

/// `cartable-surge verify`: checks a database against what a run was told was saved.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check that every acknowledged draft and hand-in of a run is in the database, exactly once.")

    @Option(help: "The node's database.") var database: String
    @Option(help: "What the run was told was saved (written next to the plan as <plan>.acknowledged).") var acknowledged: String

    func run() async throws {
        if try await Self.verify(database: database, expected: Ledger.read(from: acknowledged)) { throw ExitCode(1) }
    }

    /// Reads the database: every acknowledged draft is there at (at least) its revision with its text, every
    /// acknowledged hand-in is there once with its id. Returns whether something is wrong.
    static func verify(database: String, expected: [String: Ledger.Acknowledged]) async throws -> Bool {
        let (db, _, pool, _) = try await SurgeDatabase.open(database, poolSize: 2)
        defer { pool.cancel() }
        var lost = 0
        var doubled = 0
        var wrongText = 0
        var handInsMissing = 0
        var handIns = 0
        let logins = Array(expected.keys)
        var index = 0
        while index < logins.count {
            let slice = Array(logins[index..<min(logins.count, index + 500)])
            index += 500
            let rows = try await db.query(
                """
                SELECT u.login, s.assignment_id, s.revision, s.text, s.hand_in_id FROM submissions s JOIN users u ON u.id = s.pupil_id
                WHERE u.login IN (\(list: slice.map { $0.sqlValue }))
                """)
            var found: [String: [(assignment: String, revision: Int, text: String, handIn: String?)]] = [:]
            for row in rows {
                let login: String = try row.decode("login")
                found[login, default: []].append(
                    (try row.decode("assignment_id"), Int(try row.decode("revision") as Int64), try row.decode("text"), try row.decode("hand_in_id")))
            }
            for login in slice {
                guard let want = expected[login] else { continue }
                let matches = (found[login] ?? []).filter { $0.assignment == want.assignmentID }
                if matches.count > 1 { doubled += 1 }
                guard let row = matches.first else {
                    lost += 1
                    continue
                }
                if row.revision < want.revision {
                    lost += 1
                } else if row.revision == want.revision && row.text != want.text {
                    wrongText += 1
                }
                if let handIn = want.handInID {
                    handIns += 1
                    if row.handIn != handIn { handInsMissing += 1 }
                }
            }
        }
        await db.shutdown()
        print(
            "\ndatabase check: \(expected.count) pupils with acknowledged drafts, \(handIns) acknowledged hand-ins; "
                + "lost drafts \(lost), doubled \(doubled), wrong text \(wrongText), hand-ins missing or with another id \(handInsMissing)")
        return lost + doubled + wrongText + handInsMissing > 0
    }

}

extension Ledger {
    /// One line per pupil: login, assignment, revision, hand-in id or -, text (no tabs or line breaks in it).
    static func write(_ entries: [String: Acknowledged], to path: String) throws {
        let lines = entries.map { "\($0.key)\t\($0.value.assignmentID)\t\($0.value.revision)\t\($0.value.handInID ?? "-")\t\($0.value.text)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func read(from path: String) throws -> [String: Acknowledged] {
        var entries: [String: Acknowledged] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5, let revision = Int(fields[2]) else { continue }
            entries[fields[0]] = Acknowledged(
                assignmentID: fields[1], revision: revision, text: fields[4], handInID: fields[3] == "-" ? nil : fields[3])
        }
        return entries
    }
}
