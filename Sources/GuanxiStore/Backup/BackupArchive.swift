import Crypto
import Foundation

/// What a backup holds, written at its head: enough to refuse a damaged or foreign file before anything is restored.
public struct BackupManifest: Codable, Sendable, Equatable {
    public static let currentFormat = 1

    public var format = Self.currentFormat
    /// `sqlite` (the payload is a database file) or `postgresql` (a `pg_dump` archive in its custom format).
    public var database: String
    public var createdAt: Date
    /// The schema migrations the copy has, in the order they ran.
    public var migrations: [String]
    /// Rows per table in the copy.
    public var rowCounts: [String: Int]
    public var payloadBytes: Int = 0
    public var payloadSHA256 = ""

    public init(database: String, createdAt: Date, migrations: [String], rowCounts: [String: Int]) {
        self.database = database
        self.createdAt = createdAt
        self.migrations = migrations
        self.rowCounts = rowCounts
    }

    enum CodingKeys: String, CodingKey {
        case format, database, migrations
        case createdAt = "created_at", rowCounts = "row_counts", payloadBytes = "payload_bytes", payloadSHA256 = "payload_sha256"
    }
}

/// Why a backup could not be written or restored, in words an operator can act on.
public enum BackupError: Error, CustomStringConvertible, Equatable {
    case notABackup(String)
    case truncated(expected: Int, found: Int)
    case checksumMismatch
    case unsupportedFormat(Int)
    case wrongDatabase(backup: String, target: String)
    case targetNotEmpty(String)
    case unsoundCopy(String)
    case toolFailed(tool: String, message: String)

    public var description: String {
        switch self {
        case .notABackup(let path): "\(path) is not a Guanxi backup (it does not start with the backup header)"
        case .truncated(let expected, let found):
            "the backup is truncated: its manifest promises \(expected) bytes of data, the file holds \(found); nothing was restored"
        case .checksumMismatch: "the backup is damaged: its data does not match the manifest's SHA-256; nothing was restored"
        case .unsupportedFormat(let format): "the backup has format \(format), which this version of Guanxi does not read"
        case .wrongDatabase(let backup, let target):
            "the backup is of a \(backup) database and cannot be restored into \(target)"
        case .targetNotEmpty(let target): "\(target) already holds data; restore into an empty one, or pass --force to replace it"
        case .unsoundCopy(let detail): "the copy failed its integrity check (\(detail)); nothing was written"
        case .toolFailed(let tool, let message): "\(tool) failed: \(message)"
        }
    }
}

/// The backup file: a header line, the manifest as one line of JSON, then the payload. The file is written under a
/// temporary name and renamed when complete, so a backup cut off half-way never looks like a finished one.
public enum BackupArchive {
    static let header = Data("GUANXI-BACKUP 1\n".utf8)
    static let chunk = 1 << 20

    /// Writes `manifest` (its payload size and checksum filled in from `payload`) and the payload to `output`.
    public static func write(_ manifest: BackupManifest, payload: URL, to output: URL) throws -> BackupManifest {
        var manifest = manifest
        (manifest.payloadBytes, manifest.payloadSHA256) = try digest(of: payload, from: 0)
        let partial = output.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: partial)
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw BackupError.toolFailed(tool: "backup", message: "cannot create \(partial.path)")
        }
        let out = try FileHandle(forWritingTo: partial)
        do {
            try out.write(contentsOf: header)
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            try out.write(contentsOf: try encoder.encode(manifest) + Data("\n".utf8))
            let input = try FileHandle(forReadingFrom: payload)
            defer { try? input.close() }
            while let data = try input.read(upToCount: chunk), !data.isEmpty { try out.write(contentsOf: data) }
            try out.synchronize()
            try out.close()
        } catch {
            try? out.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        try? FileManager.default.removeItem(at: output)
        try FileManager.default.moveItem(at: partial, to: output)
        return manifest
    }

    /// Reads the manifest and checks the payload's size and checksum against it; returns the manifest and where the
    /// payload starts.
    public static func verify(_ file: URL) throws -> (manifest: BackupManifest, payloadOffset: UInt64) {
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        guard try input.read(upToCount: header.count) == header else { throw BackupError.notABackup(file.path) }
        var line = Data()
        while let byte = try input.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
            guard line.count < 1 << 22 else { throw BackupError.notABackup(file.path) }
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(BackupManifest.self, from: line) else { throw BackupError.notABackup(file.path) }
        guard manifest.format == BackupManifest.currentFormat else { throw BackupError.unsupportedFormat(manifest.format) }
        let offset = UInt64(header.count + line.count + 1)
        let (bytes, sum) = try digest(of: file, from: offset)
        guard bytes == manifest.payloadBytes else { throw BackupError.truncated(expected: manifest.payloadBytes, found: bytes) }
        guard sum == manifest.payloadSHA256 else { throw BackupError.checksumMismatch }
        return (manifest, offset)
    }

    /// Copies the payload of a verified backup to `destination`.
    public static func extractPayload(of file: URL, from offset: UInt64, to destination: URL) throws {
        try? FileManager.default.removeItem(at: destination)
        guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
            throw BackupError.toolFailed(tool: "restore", message: "cannot create \(destination.path)")
        }
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        try input.seek(toOffset: offset)
        let out = try FileHandle(forWritingTo: destination)
        defer { try? out.close() }
        while let data = try input.read(upToCount: chunk), !data.isEmpty { try out.write(contentsOf: data) }
        try out.synchronize()
    }

    /// The size and SHA-256 (hex) of a file from `offset` on, read in chunks.
    static func digest(of file: URL, from offset: UInt64) throws -> (Int, String) {
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        try input.seek(toOffset: offset)
        var hash = SHA256()
        var bytes = 0
        while let data = try input.read(upToCount: chunk), !data.isEmpty {
            hash.update(data: data)
            bytes += data.count
        }
        return (bytes, hash.finalize().map { String(format: "%02x", $0) }.joined())
    }
}
