/// Inserts many rows with multi-row `INSERT … VALUES (…), (…)` statements, a few hundred parameters at a time.
enum BatchInsert {
    /// Parameters per statement: well under SQLite's 32,766 and PostgreSQL's 65,535.
    static let parameterBudget = 2_000

    /// - Parameter suffix: what follows each statement's values (`ON CONFLICT … DO NOTHING` for rows a retry may repeat).
    static func run<Row>(
        on connection: any SQLConnection, table: String, columns: [String], rows: [Row], suffix: String = "", values: (Row) -> [SQLValue]
    ) async throws {
        guard !rows.isEmpty else { return }
        let rowsPerStatement = max(1, parameterBudget / columns.count)
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + rowsPerStatement)
            var query = SQLQuery(stringLiteral: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
            for index in start..<end {
                if index > start { query.append(", ") }
                let rowValues = values(rows[index])
                precondition(rowValues.count == columns.count, "one value per column")
                query.append("(\(list: rowValues))")
            }
            if !suffix.isEmpty { query.append(SQLQuery(stringLiteral: " " + suffix)) }
            try await connection.execute(query)
            start = end
        }
    }
}
