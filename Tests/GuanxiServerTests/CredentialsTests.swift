import Testing
@testable import GuanxiStore

@Suite("Credentials")
struct CredentialDigestTests {
    @Test("Token hashes stay lower-case hex SHA-256, so tokens issued before keep working")
    func digestIsHexSHA256() {
        #expect(Credentials.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Credentials.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
