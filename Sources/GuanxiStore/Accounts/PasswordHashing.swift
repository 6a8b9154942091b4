/// Hashes and checks passwords (bcrypt in the server); a protocol so the store needs no web framework.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) throws -> Bool
}
