import Foundation

/// Scheduled backups in one directory: named by their time, so that names sort as times do, and only the newest
/// `keep` kept.
public struct BackupRotation: Sendable {
    public let directory: URL
    public let keep: Int

    public init(directory: URL, keep: Int) {
        self.directory = directory
        self.keep = keep
    }

    /// `guanxi-20261207-143000.backup`, in UTC.
    public static func fileName(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "guanxi-\(formatter.string(from: date)).backup"
    }

    /// The backups in the directory, oldest first.
    public func backups() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("guanxi-") && $0.pathExtension == "backup" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Writes a new backup and removes all but the newest `keep`; returns the new file's manifest.
    public func backUp(_ backup: DatabaseBackup, now: Date) async throws -> (file: URL, manifest: BackupManifest) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(Self.fileName(at: now))
        let manifest = try await backup.write(to: file, now: now)
        for old in try backups().dropLast(keep) { try FileManager.default.removeItem(at: old) }
        return (file, manifest)
    }
}
