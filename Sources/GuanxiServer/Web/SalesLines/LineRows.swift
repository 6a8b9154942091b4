import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The text of a submitted form, field by field, so a refused form shows again exactly as it was typed.
struct FormValues: Sendable {
    var fields: [String: String]

    init(_ fields: [String: String] = [:]) { self.fields = fields }

    static func decode(_ request: Request) throws -> FormValues {
        FormValues((try? request.content.decode([String: String].self)) ?? [:])
    }

    subscript(_ name: String) -> String {
        get { fields[name] ?? "" }
        set { fields[name] = newValue }
    }

    /// nil when the field is missing or blank.
    func optional(_ name: String) -> String? {
        let value = self[name].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }
}

/// The line rows of a quote or order form: a product or a free description, quantity, price, discount and tax per
/// row, named `line_<field>_<row>`. Blank rows are skipped; a field the service refuses (`lines.2.quantity`) is shown
/// on the row it came from.
enum LineRows {
    static let minimumRows = 6
    static let maximumRows = SalesLineRules.maximumLines

    static func name(_ field: String, _ row: Int) -> String { "line_\(field)_\(row)" }

    /// How many rows the form shows: what was submitted (plus three when more were asked for), at least six.
    static func rowCount(_ values: FormValues) -> Int {
        let submitted = Int(values["line_rows"]) ?? 0
        let asked = values.optional("add_rows") == nil ? 0 : 3
        return min(maximumRows, max(minimumRows, submitted + asked))
    }

    /// Whether the form asked only for more empty rows, not to be saved.
    static func wantsMoreRows(_ values: FormValues) -> Bool { values.optional("add_rows") != nil }

    /// The drafts of the rows that are not blank, and for each the row it came from. Text that is no number is
    /// refused here, under the row's own field.
    static func drafts(_ values: FormValues, into problems: inout FieldProblems) -> (drafts: [LineDraft], rows: [Int]) {
        var drafts: [LineDraft] = []
        var rows: [Int] = []
        for row in 0..<rowCount(values) {
            let product = values.optional(name("product", row))
            let description = values.optional(name("description", row))
            let price = values.optional(name("unit_price", row))
            guard product != nil || description != nil || price != nil else { continue }
            var draft = LineDraft()
            if let product {
                if let id = Int64(product) { draft.productID = id } else { problems[name("product", row)] = .unknownReference }
            }
            draft.description = description ?? ""
            draft.quantityMilli = FormNumber.quantity(values[name("quantity", row)], field: name("quantity", row), into: &problems)
            draft.unitPrice = FormNumber.money(values[name("unit_price", row)], field: name("unit_price", row), into: &problems)
            draft.discountPercentBasis = FormNumber.percent(values[name("discount_percent", row)], field: name("discount_percent", row), into: &problems)
            draft.discountAmount = FormNumber.money(values[name("discount_amount", row)], field: name("discount_amount", row), into: &problems)
            draft.taxRateBasis = FormNumber.percent(values[name("tax_rate", row)], field: name("tax_rate", row), into: &problems)
            if let cost = values.optional(name("unit_cost", row)) {
                draft.unitCost = FormNumber.money(cost, field: name("unit_price", row), into: &problems)
            }
            drafts.append(draft)
            rows.append(row)
        }
        return (drafts, rows)
    }

    /// The service's problems with the line fields renamed to the form's (`lines.0.quantity` → `line_quantity_3`).
    static func formProblems(_ problems: FieldProblems, rows: [Int]) -> FieldProblems {
        var out = FieldProblems()
        for (field, problem) in problems.problems {
            let parts = field.split(separator: ".")
            guard parts.count == 3, parts[0] == "lines", let index = Int(parts[1]), index < rows.count else {
                out[field] = problem
                continue
            }
            let column = switch parts[2] {
            case "product_id": "product"
            case "unit_cost": "unit_price"
            default: String(parts[2])
            }
            out[name(column, rows[index])] = problem
        }
        return out
    }

    /// The rows of lines already written (a draft being edited, a revision), with their own prices.
    static func values(of lines: [LineDraft]) -> [String: String] {
        var out: [String: String] = ["line_rows": String(max(minimumRows, lines.count + 2))]
        for (row, line) in lines.enumerated() {
            out[name("product", row)] = line.productID.map(String.init) ?? ""
            out[name("description", row)] = line.description
            out[name("quantity", row)] = SalesFormat.quantity(line.quantityMilli)
            out[name("unit_price", row)] = line.unitPrice.map(MinorUnits.format) ?? ""
            out[name("discount_percent", row)] = line.discountPercentBasis.map(MinorUnits.format) ?? ""
            out[name("discount_amount", row)] = line.discountAmount.map(MinorUnits.format) ?? ""
            out[name("tax_rate", row)] = line.taxRateBasis.map(MinorUnits.format) ?? ""
            out[name("unit_cost", row)] = line.unitCost.map(MinorUnits.format) ?? ""
        }
        return out
    }

    /// The table of rows to fill in, with a button that adds three more.
    static func editor(_ values: FormValues, products: [Product], errors: [String: String], l: Localizer) -> HTML {
        let count = rowCount(values)
        let rows: [HTML] = (0..<count).map { row in
            let chosen = values[name("product", row)]
            let options: [HTML] = [HTML("<option value=\"\">\(l[.freeTextLine])</option>")] + products.map { product in
                let id = String(product.id ?? 0)
                return "<option value=\"\(id)\"\(id == chosen ? HTML(raw: " selected") : HTML.empty)>\(product.sku) · \(product.name) · \(SalesFormat.money(product.listPrice))</option>"
            }
            let errorNotes: [HTML] = ["product", "description", "quantity", "unit_price", "discount_percent", "discount_amount", "tax_rate"]
                .compactMap { field in errors[name(field, row)].map { HTML("<p class=\"field-error\" id=\"error-\(name(field, row))\">\($0)</p>") } }
            let cost = values[name("unit_cost", row)]
            return """
            <tr class="line-row\(errorNotes.isEmpty ? "" : " has-error")">
              <td class="muted">\(row + 1)</td>
              <td><select name="\(name("product", row))" id="f-\(name("product", row))" aria-label="\(l[.product])">\(options)</select></td>
              <td>\(input("description", row, values, l[.lineDescription], errors))\(cost.isEmpty ? HTML.empty : HTML("<input type=\"hidden\" name=\"\(name("unit_cost", row))\" value=\"\(cost)\">"))</td>
              <td>\(input("quantity", row, values, l[.quantity], errors, placeholder: "1", numeric: true))</td>
              <td>\(input("unit_price", row, values, l[.unitPrice], errors, placeholder: l[.fromProduct], numeric: true))</td>
              <td>\(input("discount_percent", row, values, l[.discountPercent], errors, placeholder: "%", numeric: true))</td>
              <td>\(input("discount_amount", row, values, l[.discountAmount], errors, numeric: true))</td>
              <td>\(input("tax_rate", row, values, l[.taxRatePercent], errors, placeholder: "13", numeric: true))</td>
            </tr>
            \(errorNotes.isEmpty ? HTML.empty : HTML("<tr class=\"line-errors\"><td></td><td colspan=\"7\">\(errorNotes)</td></tr>"))
            """
        }
        let linesError = errors["lines"].map { HTML("<p class=\"field-error\" id=\"error-lines\">\($0)</p>") } ?? HTML.empty
        return """
        <h2 class="spaced">\(l[.lines])</h2>
        <p class="hint">\(l[.linesHint])</p>
        \(linesError)
        <div class="table-scroll"><table class="line-editor" id="line-editor">
          <thead><tr><th>#</th><th>\(l[.product])</th><th>\(l[.lineDescription])</th><th class="num">\(l[.quantity])</th><th class="num">\(l[.unitPrice])</th>\
        <th class="num">\(l[.discountPercent])</th><th class="num">\(l[.discountAmount])</th><th class="num">\(l[.taxRatePercent])</th></tr></thead>
          <tbody>\(rows)</tbody>
        </table></div>
        <input type="hidden" name="line_rows" value="\(count)">
        <button type="submit" class="ghost" name="add_rows" value="1" id="add-rows" formnovalidate>\(l[.addRows])</button>
        """
    }

    private static func input(_ field: String, _ row: Int, _ values: FormValues, _ label: String, _ errors: [String: String],
                              placeholder: String = "", numeric: Bool = false) -> HTML {
        let fieldName = name(field, row)
        let invalid: HTML = errors[fieldName] == nil ? .empty : HTML(raw: " aria-invalid=\"true\"")
        return """
        <input type="text" name="\(fieldName)" id="f-\(fieldName)" value="\(values[fieldName])" aria-label="\(label)"\
        \(placeholder.isEmpty ? HTML.empty : HTML(" placeholder=\"\(placeholder)\""))\(numeric ? HTML(raw: " inputmode=\"decimal\" class=\"num\"") : HTML.empty)\(invalid)>
        """
    }
}
