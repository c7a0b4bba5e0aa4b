import CartableCore
import Foundation

/// A value bound to, or read from, a SQL statement. The common ground of SQLite and PostgreSQL.
///
/// Booleans are stored as integers 0 and 1, instants as milliseconds since 1970 and days as
/// `YYYY-MM-DD` text, so that one schema and one set of queries serve both engines.
public enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit integer.
    case integer(Int64)
    /// A double.
    case real(Double)
    /// Text.
    case text(String)
    /// Bytes.
    case blob([UInt8])
}

/// A Swift value that can be bound to a statement.
public protocol SQLBindable: Sendable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
}

/// A Swift value that can be read from a column.
public protocol SQLDecodable {
    /// Reads the value, or throws ``SQLDecodingError`` if the column holds something else.
    init(sqlValue: SQLValue) throws(SQLDecodingError)
}

/// A column did not hold what the code expected: a programmer's mistake or a schema drift.
public struct SQLDecodingError: Error, Sendable, CustomStringConvertible {
    /// The column's name.
    public var column: String
    /// What was expected.
    public var expected: String
    /// What was found.
    public var found: SQLValue

    public var description: String { "column \(column): expected \(expected), found \(found)" }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}

extension String: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .text(self) }
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        guard case .text(let text) = sqlValue else { throw SQLDecodingError(column: "", expected: "text", found: sqlValue) }
        self = text
    }
}

extension Int: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        guard case .integer(let value) = sqlValue else { throw SQLDecodingError(column: "", expected: "integer", found: sqlValue) }
        self = Int(value)
    }
}

extension Int64: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(self) }
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        guard case .integer(let value) = sqlValue else { throw SQLDecodingError(column: "", expected: "integer", found: sqlValue) }
        self = value
    }
}

extension Double: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .real(self) }
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: throw SQLDecodingError(column: "", expected: "real", found: sqlValue)
        }
    }
}

extension Bool: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        guard case .integer(let value) = sqlValue else { throw SQLDecodingError(column: "", expected: "0 or 1", found: sqlValue) }
        self = value != 0
    }
}

extension Date: SQLBindable, SQLDecodable {
    /// Milliseconds since 1970.
    public var sqlValue: SQLValue { .integer(Int64((timeIntervalSince1970 * 1000).rounded())) }
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        guard case .integer(let value) = sqlValue else { throw SQLDecodingError(column: "", expected: "milliseconds", found: sqlValue) }
        self = Date(timeIntervalSince1970: Double(value) / 1000)
    }
}

extension LocalDate: SQLBindable, SQLDecodable {
    /// `YYYY-MM-DD`.
    public var sqlValue: SQLValue { .text(iso) }
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        guard case .text(let text) = sqlValue, let date = LocalDate(iso: text) else {
            throw SQLDecodingError(column: "", expected: "YYYY-MM-DD", found: sqlValue)
        }
        self = date
    }
}

extension Identifier: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .text(rawValue) }
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        guard case .text(let text) = sqlValue else { throw SQLDecodingError(column: "", expected: "identifier", found: sqlValue) }
        self.init(rawValue: text)
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    public init(sqlValue: SQLValue) throws(SQLDecodingError) {
        if case .null = sqlValue {
            self = nil
        } else {
            self = try Wrapped(sqlValue: sqlValue)
        }
    }
}

extension RawRepresentable where RawValue == String, Self: Sendable {
    /// Enums stored by their raw value.
    public var sqlValue: SQLValue { .text(rawValue) }
}

extension Role: SQLBindable {}
extension SchoolClass.Kind: SQLBindable {}
