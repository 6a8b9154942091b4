/// Per-customer running totals of a transaction log, with same-day purchases merged, in memory proportional to customers (ANALYTICS.md §1).
///
/// Rows of one customer in date order (the usual export order) are folded in O(1) state. A row that
/// falls strictly between a customer's first and last purchase day cannot be folded exactly without
/// that customer's past days, so the customer is marked for a second, exact pass over its rows
/// (`needsReplay`, then `replay(_:)`).
public struct PurchaseLedger: Sendable {
    /// Last day counted in the calibration period; later purchases are holdout. nil: no holdout.
    public let calibrationEnd: Int32?
    /// First purchase day in the calibration period (Int32.max when none).
    public private(set) var firstDay: [Int32] = []
    /// Last purchase day in the calibration period.
    public private(set) var lastDay: [Int32] = []
    /// Distinct purchase days in the calibration period.
    public private(set) var purchaseDays: [Int32] = []
    /// Amount spent on the first purchase day.
    public private(set) var firstDayAmount: [Double] = []
    /// Amount spent over the calibration period.
    public private(set) var totalAmount: [Double] = []
    /// Distinct purchase days after the calibration end.
    public private(set) var holdoutDays: [Int32] = []
    /// Latest holdout purchase day (Int32.min when none).
    public private(set) var holdoutLastDay: [Int32] = []
    /// Latest day seen in any row (Int32.min for an empty log).
    public private(set) var latestDay: Int32 = .min
    /// Customers whose rows came in an order that needs an exact second pass.
    public private(set) var needsReplay: Set<Int32> = []

    public init(calibrationEnd: Int32? = nil) {
        self.calibrationEnd = calibrationEnd
    }

    /// Number of customers known to the ledger (including ones with only holdout purchases).
    public var customerCount: Int { firstDay.count }

    /// Folds one row in (ANALYTICS.md §1).
    public mutating func add(customer: Int32, day: Int32, amount: Double) {
        let index = Int(customer)
        if index >= firstDay.count { grow(to: index + 1) }
        if day > latestDay { latestDay = day }
        if let end = calibrationEnd, day > end {
            if day > holdoutLastDay[index] {
                holdoutDays[index] += 1
                holdoutLastDay[index] = day
            } else if day < holdoutLastDay[index] {
                needsReplay.insert(customer)
            }
            return
        }
        totalAmount[index] += amount
        let first = firstDay[index]
        let last = lastDay[index]
        if purchaseDays[index] == 0 {
            firstDay[index] = day
            lastDay[index] = day
            purchaseDays[index] = 1
            firstDayAmount[index] = amount
        } else if day == last || day == first {
            if day == first { firstDayAmount[index] += amount }
        } else if day > last {
            lastDay[index] = day
            purchaseDays[index] += 1
        } else if day < first {
            firstDay[index] = day
            firstDayAmount[index] = amount
            purchaseDays[index] += 1
        } else {
            needsReplay.insert(customer)
        }
    }

    mutating func grow(to count: Int) {
        let extra = count - firstDay.count
        firstDay.append(contentsOf: repeatElement(.max, count: extra))
        lastDay.append(contentsOf: repeatElement(.min, count: extra))
        purchaseDays.append(contentsOf: repeatElement(0, count: extra))
        firstDayAmount.append(contentsOf: repeatElement(0, count: extra))
        totalAmount.append(contentsOf: repeatElement(0, count: extra))
        holdoutDays.append(contentsOf: repeatElement(0, count: extra))
        holdoutLastDay.append(contentsOf: repeatElement(.min, count: extra))
    }

    /// Recomputes the customers in `needsReplay` exactly from all of their rows, given again in any order (ANALYTICS.md §1).
    public mutating func replay(_ rows: [(customer: Int32, day: Int32, amount: Double)]) {
        var amountsByDay: [Int32: [Int32: Double]] = [:]
        for row in rows where needsReplay.contains(row.customer) {
            amountsByDay[row.customer, default: [:]][row.day, default: 0] += row.amount
        }
        for customer in needsReplay {
            let index = Int(customer)
            let days = amountsByDay[customer] ?? [:]
            let calibration = days.filter { calibrationEnd == nil || $0.key <= calibrationEnd! }
            let holdout = days.filter { calibrationEnd != nil && $0.key > calibrationEnd! }
            firstDay[index] = calibration.keys.min() ?? .max
            lastDay[index] = calibration.keys.max() ?? .min
            purchaseDays[index] = Int32(calibration.count)
            firstDayAmount[index] = calibration[firstDay[index]] ?? 0
            totalAmount[index] = calibration.values.reduce(0, +)
            holdoutDays[index] = Int32(holdout.count)
            holdoutLastDay[index] = holdout.keys.max() ?? .min
        }
        needsReplay.removeAll()
    }
}
