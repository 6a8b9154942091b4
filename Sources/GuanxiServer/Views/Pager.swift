import Foundation
import GuanxiCore

extension String {
    var urlQueryEscaped: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

/// Links to the first and the next page of a keyset-paginated list.
enum Pager {
    static func links(next: PageCursor?, l: Localizer, base: String, isFirst: Bool, extraQuery: String = "") -> HTML {
        var parts: [HTML] = []
        if !isFirst { parts.append("<a class=\"button ghost\" href=\"\(base)\(extraQuery.isEmpty ? "" : "?" + extraQuery)\">\(l[.firstPage])</a>") }
        if let next {
            let query = (extraQuery.isEmpty ? "" : extraQuery + "&") + "after=" + next.token
            parts.append("<a class=\"button ghost\" id=\"next-page\" href=\"\(base)?\(query)\">\(l[.nextPage])</a>")
        }
        return parts.isEmpty ? .empty : "<div class=\"pager\">\(parts)</div>"
    }
}
