import Foundation

/// A bar chart of two figures per period (an amount beside a part of it: expected and weighted amount, revenue and
/// gross profit) as inline SVG, scaled to the largest figure. Sized with SVG attributes and coloured by class
/// (`bar amount`, `bar weighted`), since the pages allow no inline style; each bar's title carries its figure.
struct PairedBarChart {
    struct Entry {
        let label: String
        let first: Int64
        let second: Int64
    }

    let id: String
    let title: String
    let names: (first: String, second: String)
    let entries: [Entry]

    var html: HTML {
        let width = 760.0, height = 260.0, left = 90.0, bottom = 28.0, top = 12.0
        let plotWidth = width - left - 10, plotHeight = height - bottom - top
        let largest = max(1, entries.map { max($0.first, $0.second) }.max() ?? 0)
        let slot = plotWidth / Double(max(1, entries.count))
        let barWidth = min(36, slot * 0.34)
        // At most about twelve labels along the axis, whatever the number of periods.
        let labelEvery = max(1, entries.count / 12)
        func number(_ value: Double) -> String { String(format: "%.1f", value) }
        var parts: [HTML] = []
        for (index, entry) in entries.enumerated() {
            let x = left + Double(index) * slot + slot / 2
            for (offset, value, kind, name) in [(-barWidth - 1, entry.first, "amount", names.first), (1.0, entry.second, "weighted", names.second)] {
                // A negative figure (a loss) is drawn as no bar; the title and the page's table give it.
                let barHeight = plotHeight * Double(max(0, value)) / Double(largest)
                parts.append("""
                <rect class="bar \(kind)" x="\(number(x + offset))" y="\(number(top + plotHeight - barHeight))" width="\(number(barWidth))" height="\(number(barHeight))"><title>\(entry.label) · \(name) ¥\(SalesFormat.money(value))</title></rect>
                """)
            }
            if index % labelEvery == 0 {
                parts.append("<text class=\"axis-label\" x=\"\(number(x))\" y=\"\(number(height - 8))\" text-anchor=\"middle\">\(entry.label)</text>")
            }
        }
        let axis: HTML = """
        <line class="axis" x1="\(number(left))" y1="\(number(top + plotHeight))" x2="\(number(width - 10))" y2="\(number(top + plotHeight))"></line>
        <text class="axis-label" x="\(number(left - 6))" y="\(number(top + 10))" text-anchor="end">\(SalesFormat.money(largest))</text>
        <text class="axis-label" x="\(number(left - 6))" y="\(number(top + plotHeight))" text-anchor="end">0</text>
        """
        return """
        <svg class="chart" id="\(id)" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title">\
        <title id="\(id)-title">\(title)</title>\(axis)\(parts)</svg>
        """
    }
}
