import Fluent
import GuanxiCore
import SQLKit

extension Database {
    /// The SQLKit view of this database; both supported drivers provide one.
    public func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            throw DatabaseSQLUnavailable()
        }
        return sql
    }
}

struct DatabaseSQLUnavailable: Error, CustomStringConvertible {
    var description: String { "the configured database driver does not speak SQL" }
}
