import Fluent
import Foundation

/// One CSV import started from the web, with its progress and report, visible to every server instance.
public final class ImportJob: Model, @unchecked Sendable {
    public static let schema = "import_jobs"

    public enum Status: String, Codable, Sendable {
        case running, succeeded, failed
    }

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "kind") public var kind: String
    @Field(key: "file_name") public var fileName: String
    @Field(key: "dry_run") public var dryRun: Bool
    @Enum(key: "status") public var status: Status
    @Field(key: "total_rows") public var totalRows: Int
    @Field(key: "processed_rows") public var processedRows: Int
    @Field(key: "written_rows") public var writtenRows: Int
    /// JSON of the import report (problems by line).
    @Field(key: "report") public var report: String
    @OptionalParent(key: "user_id") public var user: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
