import CartableCore
import Foundation

/// Accounts: who people are, what they belong to, and their password hashes.
public protocol IdentityStore: Sendable {
    /// The account with this sign-in name and its password hash, whatever its school.
    func credentials(forLogin login: String) async throws -> (user: User, passwordHash: String)?
    /// The account `id` if it belongs to `schoolID`.
    func user(_ id: User.ID, in schoolID: School.ID) async throws -> User?
    /// The account `id` with the facts the access policy needs (classes, children, teachings).
    func viewer(for id: User.ID) async throws -> Viewer?
    /// Stores a new account. Throws ``StoreError/duplicate(_:)`` if the login is taken.
    func createUser(_ user: User, passwordHash: String, at instant: Date) async throws
    /// Replaces the password hash of the account `id` of `schoolID`; `false` if there is no such account (or it was purged).
    func setPasswordHash(_ hash: String, for id: User.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool
    /// Disables or re-enables the account; disabling also ends all its sessions. `false` if there is no
    /// such account, or if it was purged (a purged account never comes back).
    func setDisabled(_ isDisabled: Bool, for id: User.ID, in schoolID: School.ID, at instant: Date) async throws -> Bool
    /// Accounts of `schoolID`, by last name, optionally filtered by role and by a search on names and login.
    func users(in schoolID: School.ID, role: Role?, matching search: String?, limit: Int, offset: Int) async throws -> [User]
}
