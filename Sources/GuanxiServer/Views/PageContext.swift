import GuanxiCore
import GuanxiStore
import Vapor

/// What every page needs besides its own data: language, the signed-in user, the CSRF token, the current path.
public struct PageContext: Sendable {
    public let l: Localizer
    public let user: User?
    public let csrfToken: String
    public let path: String
    public let notice: String?
    /// Open tasks of the signed-in user whose reminder time has come.
    public let dueReminders: Int

    init(request: Request) {
        self.l = request.localizer
        self.user = request.signedInUser
        self.csrfToken = request.csrfToken
        self.path = request.url.path
        self.dueReminders = request.dueReminders
        self.notice = request.query[String.self, at: "notice"].flatMap { key in
            TextKey(rawValue: key).map { request.localizer($0, ["name": request.query[String.self, at: "name"] ?? ""]) }
        }
    }

    /// The hidden form field that proves a POST came from our own page.
    public var csrfField: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrfToken)\">" }
}
