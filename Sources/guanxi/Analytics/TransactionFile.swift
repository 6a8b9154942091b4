import Foundation
import GuanxiAnalytics

/// File I/O for the analytics commands: chunked reading of the transaction log and buffered output.
enum TransactionFile {
    /// A byte source reading `path` in 4 MiB chunks; it can be called again to re-read the file.
    static func source(path: String) -> TransactionLogReader.ByteSource {
        return { consume in
            guard let file = fopen(path, "rb") else {
                throw TransactionLogError(line: 0, reason: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            defer { fclose(file) }
            var buffer = [UInt8](repeating: 0, count: 1 << 22)
            while true {
                let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
                if read == 0 { break }
                try buffer.withUnsafeBytes { try consume(UnsafeRawBufferPointer(rebasing: $0[0..<read])) }
            }
            if ferror(file) != 0 { throw TransactionLogError(line: 0, reason: "cannot read \(path)") }
        }
    }

    /// Parses a `YYYY-MM-DD`/`YYYYMMDD` option into a day number.
    static func day(_ text: String?, option: String) throws -> Int32? {
        guard let text else { return nil }
        guard let day = CivilDay.parse(text) else {
            throw ValidationErrorMessage("\(option) must be a date YYYY-MM-DD or YYYYMMDD, got \"\(text)\"")
        }
        return Int32(day)
    }

    /// Opens the output (stdout when `path` is nil) and hands back a writer of byte blocks.
    static func withOutput(path: String?, _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        let file: UnsafeMutablePointer<FILE>
        if let path {
            guard let opened = fopen(path, "wb") else {
                throw ValidationErrorMessage("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            file = opened
        } else {
            // A private stream on descriptor 1: the C `stdout` global is not concurrency-safe in Swift 6.
            guard let standardOutput = fdopen(1, "wb") else { throw ValidationErrorMessage("cannot write to standard output") }
            file = standardOutput
        }
        defer { if path != nil { fclose(file) } else { fflush(file) } }
        try body { bytes in
            let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            if written != bytes.count { throw ValidationErrorMessage("cannot write the output (disk full?)") }
        }
    }

    /// Prints one line to standard error.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// A user-facing error message for failures outside argument parsing.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
