import Testing
@testable import GuanxiStore

@Suite("The duplicate-key table of an import")
struct FirstLineIndexTests {
    @Test("Answers like a dictionary of first lines, through growth, for keys of every length and script")
    func matchesDictionary() {
        var table = FirstLineIndex()  // no capacity given: it grows many times on the way
        var model: [String: Int] = [:]
        // Keys that share prefixes, differ in one byte, straddle the eight-byte steps of the hash, repeat.
        var keys: [String] = []
        for number in 0..<30_000 {
            keys.append("华信\(number)")
            keys.append(String(repeating: "a", count: number % 20) + String(number % 997))
            keys.append("13\(String(number % 5_000).padding(toLength: 9, withPad: "0", startingAt: 0))")
        }
        for (line, key) in keys.enumerated() {
            let first = table.firstLine(of: key, otherwise: line + 2)
            #expect(first == model[key, default: line + 2], "\(key)")
            if model[key] == nil { model[key] = line + 2 }
        }
        #expect(table.count == model.count)
        for (key, line) in model { #expect(table.firstLine(of: key, otherwise: -1) == line) }
        #expect(table.firstLine(of: "华信30000", otherwise: 7) == 7)
        #expect(table.firstLine(of: "", otherwise: 8) == 8)
        #expect(table.firstLine(of: "", otherwise: 9) == 8)
    }
}
