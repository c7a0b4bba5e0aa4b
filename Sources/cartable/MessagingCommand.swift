import ArgumentParser
import CartableCore
import CartableStore
import Foundation
import Logging

/// `cartable messaging …`: the platform's operator restricts sending to staff in every school at once (what the
/// ministry asked for in March 2024), or opens it again; each change is logged and shown on every school's settings page.
struct MessagingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messaging", abstract: "Restrict sending messages to staff in every school, or open it again.",
        subcommands: [Restrict.self, Open.self, Status.self])

    struct Restrict: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Only staff may send messages, in every school of the platform.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Why (shown to every school's staff).") var note: String = ""

        func run() async throws {
            try await MessagingCommand.set(true, note: note, database: database)
            print("Sending messages is now restricted to staff in every school.")
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everyone may send messages again, under each school's own rules.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Why (shown to every school's staff).") var note: String = ""

        func run() async throws {
            try await MessagingCommand.set(false, note: note, database: database)
            print("Messaging is open again, under each school's own rules.")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the platform's switch is on.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            Logs.bootstrap(level: .warning)
            let restricted = try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
                let storage = Storage(database: database)
                guard let school = try await storage.schools.schools().first else { return false }
                return try await storage.messages.settings(of: school.id).platformStaffOnly
            }
            print(restricted ? "restricted to staff" : "open")
        }
    }

    static func set(_ staffOnly: Bool, note: String, database: DatabaseOptions) async throws {
        let words = TextRules.clean(note)
        guard words.count <= 300 else { throw ValidationError("The note is longer than 300 characters.") }
        Logs.bootstrap(level: .warning)
        try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
            try await Storage(database: database).messages.setPlatformStaffOnly(staffOnly, note: words, at: Date())
        }
    }
}
