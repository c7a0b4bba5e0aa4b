/// A SQL statement whose interpolated values become bound parameters, never text.
///
/// ```swift
/// let query: SQLQuery = "SELECT name FROM users WHERE id = \(userID) AND school_id = \(schoolID)"
/// ```
/// `\(raw:)` inserts trusted SQL text (a fixed column list); `\(list:)` binds each element of a list
/// for `IN (…)`. Parameters are written `$1, $2…` for PostgreSQL and `?1, ?2…` for SQLite.
public struct SQLQuery: Sendable, ExpressibleByStringInterpolation {
    enum Fragment: Sendable {
        case sql(String)
        case bind(SQLValue)
    }

    var fragments: [Fragment]

    /// A query with no parameters.
    public init(stringLiteral value: String) {
        self.fragments = [.sql(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        self.fragments = stringInterpolation.fragments
    }

    /// Builds the query's text piece by piece.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var fragments: [Fragment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            fragments.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            fragments.append(.sql(literal))
        }

        /// Binds `value` as a parameter.
        public mutating func appendInterpolation(_ value: some SQLBindable) {
            fragments.append(.bind(value.sqlValue))
        }

        /// Inserts trusted SQL text. Never pass user input here.
        public mutating func appendInterpolation(raw text: String) {
            fragments.append(.sql(text))
        }

        /// Binds each element, separated by commas, for `IN (…)`. An empty list binds a single NULL,
        /// which matches nothing.
        public mutating func appendInterpolation(list values: [some SQLBindable]) {
            if values.isEmpty {
                fragments.append(.bind(.null))
                return
            }
            for (index, value) in values.enumerated() {
                if index > 0 { fragments.append(.sql(", ")) }
                fragments.append(.bind(value.sqlValue))
            }
        }

        /// Inserts another query, keeping its parameters.
        public mutating func appendInterpolation(_ query: SQLQuery) {
            fragments.append(contentsOf: query.fragments)
        }
    }

    /// Appends another query, keeping its parameters.
    public mutating func append(_ other: SQLQuery) {
        fragments.append(contentsOf: other.fragments)
    }

    /// The text and parameters for `dialect`.
    public func render(for dialect: SQLDialect) -> (sql: String, binds: [SQLValue]) {
        var sql = ""
        var binds: [SQLValue] = []
        for fragment in fragments {
            switch fragment {
            case .sql(let text):
                sql += text
            case .bind(let value):
                binds.append(value)
                sql += dialect.placeholderPrefix
                sql += String(binds.count)
            }
        }
        return (sql, binds)
    }
}

/// The SQL engine a query is rendered for.
public enum SQLDialect: String, Sendable {
    /// The embedded default.
    case sqlite
    /// For a region, several nodes.
    case postgres

    var placeholderPrefix: String {
        switch self {
        case .sqlite: "?"
        case .postgres: "$"
        }
    }
}
