import ArgumentParser
import CartableCore
import CartableStore
import Foundation
import Logging

/// `cartable school …`: the schools a platform hosts.
struct SchoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "school", abstract: "Add a school to the platform, or list them.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a school (then create its first staff account with `cartable user create`).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The school's UAI code: seven digits and a letter (e.g. 0750001A).") var uai: String
        @Option(help: "The school's name.") var name: String
        @Option(help: "The time zone its days are counted in. (default: Europe/Paris)") var timeZone: String = "Europe/Paris"

        func run() async throws {
            let uai = self.uai.uppercased()
            guard School.isValidUAI(uai) else { throw ValidationError("A UAI code is seven digits and a letter, e.g. 0750001A.") }
            let name = TextRules.clean(self.name)
            guard !name.isEmpty, name.count <= 120 else { throw ValidationError("The name must have 1 to 120 characters.") }
            guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("Unknown time zone \(timeZone).") }
            let school = School(id: .make(using: RandomIdentifierGenerator()), uai: uai, name: name, timeZoneIdentifier: timeZone)
            Logs.bootstrap(level: .warning)
            let created = try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
                let storage = Storage(database: database)
                if try await storage.schools.school(uai: uai) != nil { return false }
                var roster = Roster()
                roster.schools = [school]
                try await storage.schools.importRoster(roster, at: Date())
                return true
            }
            guard created else { throw ValidationError("A school with the UAI code \(uai) already exists.") }
            print("Added \(name) (\(uai)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the schools of the platform.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            Logs.bootstrap(level: .warning)
            let schools = try await Server.withDatabase(try database.location(), logger: Logger(label: "cartable")) { database in
                try await Storage(database: database).schools.schools()
            }
            for school in schools { print("\(school.uai)  \(school.name)  (\(school.timeZoneIdentifier))") }
            if schools.isEmpty { print("No school yet: add one with `cartable school create`.") }
        }
    }
}
