import Foundation

/// Duplicate keys → the line of the file that first had each: three look-ups for every row of a customer import.
///
/// A `[String: Int]` of a million keys hashed each non-ASCII key through Unicode normalisation and kept every key as
/// a string object of its own, which made these look-ups a tenth of an import's checks. The keys are normalised
/// already (`DuplicateKey`), so here their UTF-8 bytes are hashed and compared as they are, all of them are kept in
/// one byte array, and a slot of the open-addressing table is one word: part of the hash and the entry's number.
struct FirstLineIndex {
    /// Per entry: where its key ends in `keyBytes` (it starts where the previous one ends) and its line.
    private var keyEnds: [Int] = []
    private var lines: [Int] = []
    private var keyBytes: [UInt8] = []
    /// 0 for an empty slot; otherwise the hash's upper 32 bits and the entry's number + 1 in the lower 32.
    private var slots: [UInt64]
    private var mask: Int
    /// Random per table, so no file can be made to collide on purpose.
    private let seed: UInt64

    init(capacity: Int = 0) {
        seed = UInt64.random(in: .min ... .max)
        let size = Self.slotCount(for: capacity)
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        keyEnds.reserveCapacity(capacity)
        lines.reserveCapacity(capacity)
    }

    var count: Int { lines.count }

    /// The line that first had `key`; a key not seen before is remembered as `line`'s.
    mutating func firstLine(of key: String, otherwise line: Int) -> Int {
        var key = key
        return key.withUTF8 { bytes in firstLine(of: UnsafeRawBufferPointer(bytes), otherwise: line) }
    }

    private mutating func firstLine(of key: UnsafeRawBufferPointer, otherwise line: Int) -> Int {
        let hash = Self.hash(key, seed: seed)
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let word = slots[slot]
            if word == 0 { break }
            if word >> 32 == tag {
                let entry = Int(word & 0xFFFF_FFFF) - 1
                if matches(entry, key) { return lines[entry] }
            }
            slot = (slot + 1) & mask
        }
        let entry = lines.count
        precondition(entry < Int(UInt32.max), "too many keys for one import")
        keyBytes.append(contentsOf: key)
        keyEnds.append(keyBytes.count)
        lines.append(line)
        slots[slot] = tag << 32 | UInt64(entry + 1)
        // At most three quarters full, so a miss ends after a few slots.
        if lines.count * 4 > slots.count * 3 { grow() }
        return line
    }

    private func matches(_ entry: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = entry == 0 ? 0 : keyEnds[entry - 1]
        let end = keyEnds[entry]
        guard end - start == key.count else { return false }
        return keyBytes.withUnsafeBytes { stored in
            key.isEmpty || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var grown = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        keyBytes.withUnsafeBytes { stored in
            var start = 0
            for entry in lines.indices {
                let end = keyEnds[entry]
                let hash = Self.hash(UnsafeRawBufferPointer(rebasing: stored[start..<end]), seed: seed)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while grown[slot] != 0 { slot = (slot + 1) & mask }
                grown[slot] = (hash >> 32) << 32 | UInt64(entry + 1)
                start = end
            }
        }
        slots = grown
        self.mask = mask
    }

    /// Room for `capacity` keys at three quarters full, a power of two.
    private static func slotCount(for capacity: Int) -> Int {
        var size = 16
        while size * 3 < capacity * 4 { size *= 2 }
        return size
    }

    /// Eight bytes at a time, each mixed in by a multiply and a shift, then SplitMix64's finaliser.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
            hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
            hash ^= hash >> 29
        }
        hash ^= hash >> 30
        hash &*= 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 27
        hash &*= 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        return hash
    }
}
