import GuanxiCore
import GuanxiStore
import Vapor

/// What every page needs besides its own data: language, the signed-in user, the CSRF token, the current path.
public struct PageContext: Sendable {
    public let l: Localizer
    public let user: User?
    public let csrfToken: String
    public let path: String
    /// The one-time message a change left for this page ("Customer 华信 saved."), in the page's language.
    public let notice: String?
    /// Open tasks of the signed-in user whose reminder time has come.
    public let dueReminders: Int
    /// The expired cookie that removes the flash message once this page has shown it.
    let flashRemoval: HTTPCookies.Value?

    init(request: Request) {
        let flash = request.flash
        self.init(l: request.localizer, user: request.signedInUser, csrfToken: request.csrfToken, path: request.url.path,
                  notice: flash.map { request.localizer($0.key, ["name": $0.name]) }, dueReminders: request.dueReminders,
                  flashRemoval: request.cookies[Flash.cookieName] == nil ? nil : request.guanxiCookie("", expired: true))
    }

    /// A context without a request, for rendering a page's view on its own (tests, previews).
    init(l: Localizer, user: User?, csrfToken: String = "", path: String, notice: String? = nil, dueReminders: Int = 0,
         flashRemoval: HTTPCookies.Value? = nil) {
        self.l = l
        self.user = user
        self.csrfToken = csrfToken
        self.path = path
        self.notice = notice
        self.dueReminders = dueReminders
        self.flashRemoval = flashRemoval
    }

    /// The hidden form field that proves a POST came from our own page.
    public var csrfField: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrfToken)\">" }
}
