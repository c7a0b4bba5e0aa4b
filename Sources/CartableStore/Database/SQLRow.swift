/// One row of a result, with its columns' names shared by every row of the result.
public struct SQLRow: Sendable {
    /// The names of the columns, in order.
    public let columns: SQLColumns
    /// The values, in the same order.
    public let values: [SQLValue]

    /// Creates a row.
    public init(columns: SQLColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// Reads the column named `name` as `T`.
    public func decode<T: SQLDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns.index(of: name) else {
            throw SQLDecodingError(column: name, expected: "a column named \(name)", found: .null)
        }
        do {
            return try T(sqlValue: values[index])
        } catch var error {
            error.column = name
            throw error
        }
    }

    /// Reads the first column as `T` (for `SELECT count(*)` and the like).
    public func first<T: SQLDecodable>(as type: T.Type = T.self) throws -> T {
        try T(sqlValue: values.first ?? .null)
    }
}

/// The column names of a result, with a lookup table.
public final class SQLColumns: Sendable {
    /// The names, in order.
    public let names: [String]
    private let indexes: [String: Int]

    /// Creates the list.
    public init(_ names: [String]) {
        self.names = names
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name] == nil { indexes[name] = index }
        self.indexes = indexes
    }

    /// The position of the column named `name`.
    public func index(of name: String) -> Int? { indexes[name] }
}
