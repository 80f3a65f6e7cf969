extension AWSClient {
    /// Every item of an operation paginated by token: `page` fetches the page after a token
    /// (nil for the first) and returns its items and the next token. A missing or empty token
    /// ends the listing.
    public func allPages<Item>(_ page: (String?) async throws -> (items: [Item], next: String?))
        async throws -> [Item]
    {
        var items: [Item] = []
        var token: String?
        repeat {
            let (found, next) = try await page(token)
            items += found
            token = next.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return items
    }
}
