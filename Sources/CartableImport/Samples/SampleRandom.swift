/// The samples' own seeded generator (SplitMix64), so that a sample school is the same on every machine and run.
struct SampleRandom: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose draws follow from `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One of `values` (not empty).
    mutating func pick<T>(_ values: [T]) -> T {
        values[below(values.count)]
    }
}
