import Foundation

/// A language the user interface speaks.
public enum Language: String, CaseIterable, Codable, Sendable {
    case chinese = "zh-CN"
    case english = "en"

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    public static func preferred(fromAcceptLanguage header: String?, fallback: Language = .chinese) -> Language {
        guard let header, !header.isEmpty else { return fallback }
        var best: (language: Language, quality: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0, let language = Language(tag: tag) else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language ?? fallback
    }

    /// Maps a BCP 47 tag such as `zh-Hans-CN` or `en-GB` to a supported language.
    public init?(tag: String) {
        let lower = tag.lowercased()
        if lower == "zh" || lower.hasPrefix("zh-") || lower.hasPrefix("zh_") {
            self = .chinese
        } else if lower == "en" || lower.hasPrefix("en-") || lower.hasPrefix("en_") {
            self = .english
        } else {
            return nil
        }
    }
}
