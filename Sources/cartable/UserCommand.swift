import ArgumentParser
import CartableCore
import CartableStore
import CartableWeb
import Foundation
import Logging

/// `cartable user …`: account management from the command line, for the first staff account and for scripts.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Create accounts, reset passwords, disable or enable accounts.",
        subcommands: [Create.self, ResetPassword.self, Disable.self, Enable.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account in a school.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The school's UAI code (e.g. 0759999Z).") var school: String
        @Option(help: "Sign-in name: lower-case letters, digits, dot, dash, underscore.") var login: String
        @Option(help: "First name.") var firstName: String
        @Option(help: "Last name.") var lastName: String
        @Option(help: "pupil, guardian, teacher or staff.") var role: String
        @Option(help: "The first password (8 to 72 characters). If left out, one is made up and printed.") var password: String?
        @Option(help: "bcrypt cost, 10 to 15. (default: 11)") var passwordCost: Int = 11

        func run() async throws {
            let password = self.password ?? UserCommand.makePassword()
            let input = AccountInput(login: login, firstName: firstName, lastName: lastName, role: role, password: password)
            let uai = school
            let cost = passwordCost
            let user = try await UserCommand.withActions(database, cost: cost) { actions, storage in
                guard let school = try await storage.schools.school(uai: uai) else {
                    throw ValidationError("No school has the UAI code \(uai).")
                }
                return try await actions.create(input, in: school.id)
            }
            print("Created \(user.login) (\(user.role.rawValue)).")
            if self.password == nil { print("Password: \(password)") }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Set a new password (and sign the person out everywhere).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The account's sign-in name.") var login: String
        @Option(help: "The new password. If left out, one is made up and printed.") var password: String?
        @Option(help: "bcrypt cost, 10 to 15. (default: 11)") var passwordCost: Int = 11

        func run() async throws {
            let password = self.password ?? UserCommand.makePassword()
            let login = self.login
            try await UserCommand.withActions(database, cost: passwordCost) { actions, storage in
                try await actions.resetPassword(of: try await UserCommand.user(login, storage), to: password)
            }
            print("Password changed for \(login).")
            if self.password == nil { print("Password: \(password)") }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and sign it out everywhere.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The account's sign-in name.") var login: String

        func run() async throws {
            let login = self.login
            try await UserCommand.withActions(database, cost: 10) { actions, storage in
                try await actions.setDisabled(true, user: try await UserCommand.user(login, storage))
            }
            print("Disabled \(login).")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The account's sign-in name.") var login: String

        func run() async throws {
            let login = self.login
            try await UserCommand.withActions(database, cost: 10) { actions, storage in
                try await actions.setDisabled(false, user: try await UserCommand.user(login, storage))
            }
            print("Enabled \(login).")
        }
    }

    static func user(_ login: String, _ storage: Storage) async throws -> User {
        guard let found = try await storage.identity.credentials(forLogin: login) else {
            throw ValidationError("No account has the sign-in name \(login).")
        }
        return found.user
    }

    static func withActions<Result: Sendable>(
        _ options: DatabaseOptions, cost: Int, _ body: @Sendable (AccountActions, Storage) async throws -> Result
    ) async throws -> Result {
        guard (10...15).contains(cost) else { throw ValidationError("The password cost must be between 10 and 15.") }
        Logs.bootstrap(level: .warning)
        let logger = Logger(label: "cartable")
        let location = try options.location()
        do {
            return try await Server.withDatabase(location, logger: logger) { database in
                let storage = Storage(database: database)
                let actions = AccountActions(
                    storage: storage, passwords: BcryptPasswordHasher(cost: cost), clock: SystemWallClock(), identifiers: RandomIdentifierGenerator())
                return try await body(actions, storage)
            }
        } catch let error as CartableCore.ValidationError {
            let t = Localizer(.en)
            throw ValidationError(error.issues.map { "\($0.field): \(t.problem($0.problem))" }.joined(separator: "\n"))
        } catch is NotFound {
            throw ValidationError("No such account.")
        }
    }

    /// A password easy to read out loud: three groups of letters and digits without look-alikes.
    static func makePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<3).map { _ in String((0..<4).map { _ in alphabet.randomElement(using: &generator)! }) }.joined(separator: "-")
    }
}
