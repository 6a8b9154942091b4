import GuanxiCore
import Testing

@Suite("Account rules")
struct AccountRulesTests {
    @Test("Email addresses", arguments: [
        ("wang.wei@example.cn", true), ("a@b.co", true), ("王伟@例子.中国", true),
        ("", false), ("no-at-sign", false), ("a@b", false), ("a b@c.de", false), ("a@@b.cn", false), ("a@-b.cn", false), ("@b.cn", false),
        ("x-y+z@mail-1.b.cn", true), ("a@b-.cn", false), ("a@b..cn", false), ("a@b.cn.", false), ("a\t@b.cn", false), ("a@b.cn@c.cn", false),
        ("a@b_c.cn", false), ("a@b.c n", false), (String(repeating: "a", count: 64) + "@b.cn", true), (String(repeating: "a", count: 65) + "@b.cn", false),
        ("王@b_c.cn", false), ("a@b.cn\u{3000}", false),
    ])
    func email(address: String, valid: Bool) {
        #expect(EmailAddress.isValid(address) == valid)
    }

    @Test("Usernames and passwords")
    func usernamesAndPasswords() {
        #expect(AccountRules.check(username: "wang.wei_2") == nil)
        #expect(AccountRules.check(username: "ab") == .tooShort(minimum: 3))
        #expect(AccountRules.check(username: "Wang") == .invalidUsername)
        #expect(AccountRules.check(username: "王伟") == .tooShort(minimum: 3))
        #expect(AccountRules.check(username: "") == .required)
        #expect(AccountRules.check(password: "123456789") == .tooShort(minimum: 10))
        #expect(AccountRules.check(password: "1234567890") == nil)
        #expect(AccountRules.check(password: String(repeating: "长", count: 30)) == .tooLong(maximum: 72))
        #expect(AccountRules.check(optionalEmail: "") == nil)
        #expect(AccountRules.check(optionalEmail: "x@") == .invalidEmail)
    }

    @Test("Page cursors round-trip and refuse foreign text")
    func cursors() {
        let cursor = PageCursor(lastID: 123_456_789)
        #expect(PageCursor(token: cursor.token) == cursor)
        #expect(!cursor.token.contains("="))
        #expect(PageCursor(token: "garbage") == nil)
        #expect(PageCursor(token: "") == nil)
        #expect(PageCursor(token: PageCursor(lastID: 1).token)?.lastID == 1)
    }
}
