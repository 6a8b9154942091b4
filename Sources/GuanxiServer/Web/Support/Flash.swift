import Foundation
import Vapor

/// A one-time message for the next page the browser opens, after a change redirected it there ("Customer 华信
/// saved."). It travels in a cookie that only this site sets and the next page clears, so no link can make a real
/// page show a text of someone's choosing, as a `?notice=…&name=…` query could.
struct Flash: Equatable, Sendable {
    static let cookieName = "gx_flash"

    let key: TextKey
    /// The record named in the message, if the message has a `{name}`.
    let name: String

    /// The cookie's value: the key, then the name percent-encoded (cookie values allow no spaces, commas or quotes).
    var cookieValue: String {
        key.rawValue + "." + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    init(_ key: TextKey, name: String = "") {
        self.key = key
        self.name = name
    }

    /// Reads a cookie value back; anything that is not a known key and a well-encoded name is no message at all.
    init?(cookieValue: String) {
        let parts = cookieValue.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let key = parts.first.flatMap({ TextKey(rawValue: String($0)) }) else { return nil }
        let encoded = parts.count > 1 ? String(parts[1]) : ""
        guard let name = encoded.removingPercentEncoding else { return nil }
        self.init(key, name: name)
    }
}

extension Request {
    /// The message a previous request left for this page, if any.
    var flash: Flash? {
        cookies[Flash.cookieName].flatMap { Flash(cookieValue: $0.string) }
    }

    /// A redirect after a change, leaving a message for the page it leads to.
    func redirect(to path: String, flash key: TextKey, name: String = "") -> Response {
        let response = redirect(to: path)
        response.cookies[Flash.cookieName] = guanxiCookie(Flash(key, name: name).cookieValue, maxAge: 300)
        return response
    }
}
