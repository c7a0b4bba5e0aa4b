/// Which classes and groups of a school have pupils in common: a division and each group its pupils are in
/// (4e B and "Espagnol LV2, 4e"), or two groups that mix the same pupils.
///
/// Two courses at the same time clash for pupils when their classes are the same or share a pupil; two
/// groups that split one division (German and Spanish at the same hour) do not.
public struct SharedPupils: Sendable, Hashable {
    private var pairs: Set<Pair>

    /// No class shares pupils with another (a course clashes for pupils only with its own class's). Not `none`: as an
    /// optional argument, `.none` would be read as `nil`.
    public static let noneShared = SharedPupils([])

    /// From the pairs of classes that have at least one pupil in common, in either order.
    public init(_ pairs: [(SchoolClass.ID, SchoolClass.ID)]) {
        self.pairs = Set(pairs.map { Pair($0.0, $0.1) })
    }

    /// From who is in which class: pupil → the classes and groups they are enrolled in.
    public init(classesOfPupils: [[SchoolClass.ID]]) {
        var pairs: Set<Pair> = []
        for classes in classesOfPupils {
            for (index, first) in classes.enumerated() {
                for second in classes[(index + 1)...] where first != second { pairs.insert(Pair(first, second)) }
            }
        }
        self.pairs = pairs
    }

    /// Whether a pupil can be expected in both: the same class, or two that have a pupil in common.
    public func share(_ first: SchoolClass.ID, _ second: SchoolClass.ID) -> Bool {
        first == second || pairs.contains(Pair(first, second))
    }

    private struct Pair: Hashable, Sendable {
        var low: SchoolClass.ID
        var high: SchoolClass.ID

        init(_ first: SchoolClass.ID, _ second: SchoolClass.ID) {
            (low, high) = first.rawValue <= second.rawValue ? (first, second) : (second, first)
        }
    }
}
