import ArgumentParser
import CartableCore
import CartableStore
import Foundation
import Logging

/// `cartable incident …`: the platform's operator declares an incident window for many schools at once (staff declare
/// one for their own school in Cartable).
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "Declare an incident window for schools of the platform, or list a school's.",
        subcommands: [Declare.self, List.self])

    /// Who declared a window from the command line (an id that is no account's).
    static let operatorID = User.ID(rawValue: "operator")

    struct Declare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare that the platform failed: absences from online lessons of that time are incidents, never counted.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The schools' UAI codes, separated by commas, or `all`.") var schools: String
        @Option(help: "The day, YYYY-MM-DD.") var day: String
        @Option(help: "The start, HH:MM.") var start: String
        @Option(help: "The end, HH:MM (the same day).") var end: String
        @Option(help: "platform, live_classes or video_server.") var scope: String
        @Option(help: "For video_server: the server's address as the schools configured it.") var server: String?
        @Option(help: "What families read.") var note: String = ""
        @Option(help: "The time zone of the day and times. (default: Europe/Paris)") var timeZone: String = "Europe/Paris"

        func run() async throws {
            guard let zone = TimeZone(identifier: timeZone) else { throw ValidationError("Unknown time zone \(timeZone).") }
            let codes = schools.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
            guard !codes.isEmpty else { throw ValidationError("Name at least one school (its UAI code), or `all`.") }
            let input = IncidentWindowInput(day: day, start: start, end: end, scope: scope, server: server, note: note)
            Logs.bootstrap(level: .warning)
            let (window, names) = try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
                let storage = Storage(database: database)
                let all = try await storage.schools.schools()
                let chosen: [School]
                if codes == ["ALL"] {
                    chosen = all
                } else {
                    let unknown = codes.filter { code in !all.contains { $0.uai == code } }
                    guard unknown.isEmpty else { throw ValidationError("No school has the UAI code \(unknown.joined(separator: ", ")).") }
                    chosen = all.filter { codes.contains($0.uai) }
                }
                let window: IncidentWindow
                do {
                    window = try input.validated(
                        id: .make(using: RandomIdentifierGenerator()), schoolIDs: Set(chosen.map(\.id)), zone: zone, now: Date())
                } catch let error as CartableCore.ValidationError {
                    throw ArgumentParser.ValidationError(
                        error.issues.map { "\($0.field): \(IncidentCommand.describe($0.problem))" }.joined(separator: "; "))
                }
                try await storage.attendance.addIncidentWindow(window, by: IncidentCommand.operatorID, at: Date())
                return (window, chosen.map(\.name))
            }
            print("Declared an incident window (\(window.scope.rawValue)) for \(names.count) school(s): \(names.joined(separator: ", ")).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a school's incident windows of the last 120 days.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The school's UAI code.") var school: String

        func run() async throws {
            let uai = school.uppercased()
            Logs.bootstrap(level: .warning)
            let (found, zone) = try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
                let storage = Storage(database: database)
                guard let school = try await storage.schools.school(uai: uai) else { throw ValidationError("No school has the UAI code \(uai).") }
                let now = Date()
                return (try await storage.attendance.incidentWindows(of: school.id, from: now.addingTimeInterval(-120 * 86_400), to: now.addingTimeInterval(86_400)),
                    school.timeZone)
            }
            let format = ISO8601DateFormatter()
            format.timeZone = zone
            format.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withSpaceBetweenDateAndTime]
            for window in found {
                print("\(format.string(from: window.start)) → \(format.string(from: window.end))  \(window.scope.rawValue)  \(window.note)")
            }
            if found.isEmpty { print("No incident window.") }
        }
    }

    /// A problem said for the operator.
    static func describe(_ problem: FieldIssue.Problem) -> String {
        switch problem {
        case .required: "required"
        case .invalidDate: "not a date (YYYY-MM-DD)"
        case .invalidTime: "not a time (HH:MM)"
        case .dateOutOfRange: "not in the last 120 days, or not begun yet"
        case .endBeforeStart: "the end must be after the start"
        case .invalidChoice: "not one of platform, live_classes, video_server"
        case .invalidURL: "not a server address"
        case .tooLong(let max): "longer than \(max) characters"
        default: "\(problem)"
        }
    }
}
