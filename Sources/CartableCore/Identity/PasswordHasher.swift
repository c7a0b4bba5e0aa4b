/// Hashes and checks passwords. The web module provides the bcrypt implementation.
public protocol PasswordHasher: Sendable {
    /// A salted hash of `password`, safe to store.
    func hash(_ password: String) async throws -> String
    /// Whether `password` matches `hash`.
    func verify(_ password: String, against hash: String) async -> Bool
}
