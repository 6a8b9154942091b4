import GuanxiCore
import GuanxiStore
import Vapor

extension Request {
    private struct UserKey: StorageKey { typealias Value = User }

    /// The user this request acts for, set by the bearer-token or session middleware.
    public var signedInUser: User? {
        get { storage[UserKey.self] }
        set { storage[UserKey.self] = newValue }
    }

    /// The signed-in user, or a 401.
    public func requireUser() throws -> User {
        guard let user = signedInUser else { throw GuanxiError.unauthenticated }
        return user
    }

    /// The signed-in user as the actor of a write.
    public func actor() throws -> Actor {
        try Actor(requireUser())
    }

    /// The language for this request. Pages: the user's own choice, else the language cookie, else the browser's.
    /// API: an explicit Accept-Language wins (clients ask for what they can show), else the user's setting, else English.
    public var language: Language {
        let acceptLanguage = headers.first(name: .acceptLanguage)
        if url.path.hasPrefix("/api/") {
            if let acceptLanguage, !acceptLanguage.isEmpty { return Language.preferred(fromAcceptLanguage: acceptLanguage, fallback: .english) }
            return signedInUser?.language ?? .english
        }
        if let chosen = signedInUser?.language { return chosen }
        if let cookie = cookies["gx_lang"]?.string, let language = Language(rawValue: cookie) { return language }
        return Language.preferred(fromAcceptLanguage: acceptLanguage, fallback: .chinese)
    }

    public var localizer: Localizer { Localizer(language) }
}
