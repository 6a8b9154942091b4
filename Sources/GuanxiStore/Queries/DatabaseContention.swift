import SQLiteNIO

/// Errors that mean "another connection is writing", not a fault of the request.
public enum DatabaseContention {
    /// SQLite's lock errors: the write lock stayed taken past the connection's `busy_timeout`, or a transaction's
    /// snapshot went stale under another's write.
    public static func isBusy(_ error: any Error) -> Bool {
        guard let sqlite = error as? SQLiteError else { return false }
        switch sqlite.reason {
        case .busy, .busyInSnapshot, .busyTimeout, .busyInRecovery, .locked: return true
        default: return false
        }
    }
}
