/// Product affinity over orders: support(A∧B), confidence(A→B) = support(A∧B)/support(A), lift = confidence/support(B) (ANALYTICS.md §7).
public struct ProductAffinity: Sendable, Equatable {
    /// One directed rule A → B.
    public struct Rule: Sendable, Equatable {
        public var antecedent: String
        public var consequent: String
        public var support: Double
        public var confidence: Double
        public var lift: Double
    }

    /// Every rule between products bought together at least once, sorted by lift then support.
    public let rules: [Rule]

    /// Counts products and pairs over orders, each order a basket of products (ANALYTICS.md §7).
    public init(orders: [[String]]) {
        let n = Double(orders.count)
        var single: [String: Double] = [:]
        var pair: [[String]: Double] = [:]
        for order in orders {
            let items = Set(order).sorted()
            for item in items { single[item, default: 0] += 1 }
            for i in items.indices {
                for j in items.indices where j > i { pair[[items[i], items[j]], default: 0] += 1 }
            }
        }
        var rules: [Rule] = []
        for (items, count) in pair {
            for (a, b) in [(items[0], items[1]), (items[1], items[0])] {
                // From the counts, so equal lifts compare equal (lift = n·count(A∧B) / (count(A)·count(B)), symmetric).
                let countA = single[a]!, countB = single[b]!
                rules.append(Rule(antecedent: a, consequent: b, support: count / n, confidence: count / countA,
                                  lift: count * n / (countA * countB)))
            }
        }
        self.rules = rules.sorted {
            ($0.lift, $0.support, $1.antecedent, $1.consequent) > ($1.lift, $1.support, $0.antecedent, $0.consequent)
        }
    }
}
