import Foundation

/// An opaque keyset-pagination cursor: the id of the last item of the previous page,
/// and its sort key when the list is ordered by something else than the id.
public struct PageCursor: Equatable, Sendable {
    public let lastID: Int64
    public let sortKey: String?

    public init(lastID: Int64, sortKey: String? = nil) {
        self.lastID = lastID
        self.sortKey = sortKey
    }

    public static let defaultLimit = 50
    public static let maximumLimit = 500

    /// URL-safe text a client passes back as `?after=`.
    public var token: String {
        let text = sortKey.map { "ks:\(lastID):\($0)" } ?? "id:\(lastID)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a token; nil when it was not produced by `token`.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        if text.hasPrefix("ks:") {
            let parts = text.dropFirst(3).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let id = Int64(parts[0]), id > 0 else { return nil }
            self.lastID = id
            self.sortKey = String(parts[1])
            return
        }
        guard text.hasPrefix("id:"), let id = Int64(text.dropFirst(3)), id > 0 else { return nil }
        self.lastID = id
        self.sortKey = nil
    }
}
