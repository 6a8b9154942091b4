/// The text encodings import and export files may use.
public enum TextEncoding: String, CaseIterable, Codable, Sendable {
    case utf8 = "utf-8"
    case gb18030 = "gb18030"
}
