extension Array {
    /// The elements in runs of at most `size`, for APIs that take so many per call.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
