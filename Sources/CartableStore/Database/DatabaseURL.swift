import Foundation

/// Where the data lives: `sqlite:PATH` (the default, one file) or `postgres://user:password@host:port/database`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool)

    /// Parses a location. Accepts `sqlite:PATH`, `sqlite://PATH`, a bare path ending in `.sqlite`/`.db`,
    /// and `postgres://` or `postgresql://` URLs (with `?sslmode=require` to insist on TLS).
    public init?(parsing text: String) {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { return nil }
            self = .sqlite(path: path)
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { return nil }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else { return nil }
            let database = String(components.path.drop { $0 == "/" })
            let requireTLS = components.queryItems?.contains { $0.name == "sslmode" && $0.value == "require" } ?? false
            self = .postgres(
                host: host, port: components.port ?? 5432, username: components.user ?? "postgres", password: components.password,
                database: database.isEmpty ? (components.user ?? "postgres") : database, requireTLS: requireTLS)
        } else if text.hasSuffix(".sqlite") || text.hasSuffix(".db") {
            self = .sqlite(path: text)
        } else {
            return nil
        }
    }

    /// A description without the password, safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let host, let port, let username, _, let database, _): "postgres://\(username)@\(host):\(port)/\(database)"
        }
    }
}
