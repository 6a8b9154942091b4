import Foundation

/// An opaque keyset-pagination cursor: the id of the last item of the previous page.
public struct PageCursor: Equatable, Sendable {
    public let lastID: Int64

    public init(lastID: Int64) { self.lastID = lastID }

    public static let defaultLimit = 50
    public static let maximumLimit = 500

    /// URL-safe text a client passes back as `?after=`.
    public var token: String {
        Data("id:\(lastID)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a token; nil when it was not produced by `token`.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("id:"), let id = Int64(text.dropFirst(3)), id > 0 else { return nil }
        self.lastID = id
    }
}
