import GuanxiCore

/// Form controls that show the refused value and its error next to the field.
enum Form {
    static func text(
        _ name: String, label: String, value: String, errors: [String: String], type: String = "text",
        required: Bool = false, hint: String? = nil, autocomplete: String? = nil
    ) -> HTML {
        let error = errors[name]
        return """
        <div class="field\(error == nil ? "" : " has-error")">
          <label for="f-\(name)">\(label)\(required ? HTML(raw: " <span class=\"req\">*</span>") : HTML.empty)</label>
          <input id="f-\(name)" name="\(name)" type="\(type)" value="\(type == "password" ? "" : value)"\(required ? HTML(raw: " required") : HTML.empty)\(autocomplete.map { HTML(raw: " autocomplete=\"\(HTML.escape($0))\"") } ?? HTML.empty)>
          \(hint.map { HTML("<p class=\"hint\">\($0)</p>") } ?? HTML.empty)
          \(error.map { HTML("<p class=\"field-error\" id=\"error-\(name)\">\($0)</p>") } ?? HTML.empty)
        </div>
        """
    }

    static func select(_ name: String, label: String, options: [(value: String, label: String)], selected: String, errors: [String: String]) -> HTML {
        let error = errors[name]
        let items: [HTML] = options.map { option in
            "<option value=\"\(option.value)\"\(option.value == selected ? HTML(raw: " selected") : HTML.empty)>\(option.label)</option>"
        }
        return """
        <div class="field\(error == nil ? "" : " has-error")">
          <label for="f-\(name)">\(label)</label>
          <select id="f-\(name)" name="\(name)">\(items)</select>
          \(error.map { HTML("<p class=\"field-error\" id=\"error-\(name)\">\($0)</p>") } ?? HTML.empty)
        </div>
        """
    }

    static func checkbox(_ name: String, label: String, checked: Bool) -> HTML {
        """
        <div class="field checkbox"><label><input type="checkbox" name="\(name)" value="true"\(checked ? HTML(raw: " checked") : HTML.empty)> \(label)</label></div>
        """
    }

    static func textarea(_ name: String, label: String, value: String, errors: [String: String], rows: Int = 4, hint: String? = nil) -> HTML {
        let error = errors[name]
        return """
        <div class="field\(error == nil ? "" : " has-error")">
          <label for="f-\(name)">\(label)</label>
          <textarea id="f-\(name)" name="\(name)" rows="\(rows)">\(value)</textarea>
          \(hint.map { HTML("<p class=\"hint\">\($0)</p>") } ?? HTML.empty)
          \(error.map { HTML("<p class=\"field-error\" id=\"error-\(name)\">\($0)</p>") } ?? HTML.empty)
        </div>
        """
    }

    /// A banner above a form that failed, for problems not tied to one field.
    static func banner(_ message: String?) -> HTML {
        guard let message else { return .empty }
        return "<div class=\"banner error\" role=\"alert\">\(message)</div>"
    }
}
