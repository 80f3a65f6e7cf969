/// AWS repeated a pagination token: following it would loop for ever.
public struct RepeatedPageTokenError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var pages: Int
    public var description: String {
        "\(operation) returned a page token it had already returned (after \(pages) pages); the listing was stopped instead of looping for ever. Run again; if it persists, AWS's listing is broken for this resource"
    }
}

/// A listing longer than any stack's resources could make: stopped with an error rather than
/// followed until the memory or the rate limits give out.
public struct PaginationLimitError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var limit: String
    public var description: String {
        "\(operation) went on past \(limit); the listing was stopped. A stack's resources never come to that many: check the account and region, or what the endpoint answers"
    }
}

/// The tokens of one listing so far, so that a token AWS hands out twice ends it with an error,
/// as does a listing of more than `maximumPages` pages.
public struct PageTokens: Sendable {
    public static let maximumPages = 2_000
    public let operation: String
    private var seen: Set<String> = []

    public init(operation: String) { self.operation = operation }

    /// The token to ask for next: nil (the listing is complete) for a missing or empty one;
    /// throws for one seen before, or one past the page limit.
    public mutating func next(_ token: String?) throws -> String? {
        guard let token, !token.isEmpty else { return nil }
        guard seen.insert(token).inserted else {
            throw RepeatedPageTokenError(operation: operation, pages: seen.count + 1)
        }
        guard seen.count < Self.maximumPages else {
            throw PaginationLimitError(operation: operation, limit: "\(Self.maximumPages) pages")
        }
        return token
    }
}

extension AWSClient {
    /// More than any listing of a stack's resources holds.
    public static let maximumListedItems = 200_000

    /// Every item of an operation paginated by token: `page` fetches the page after a token
    /// (nil for the first) and returns its items and the next token. A missing or empty token
    /// ends the listing; a repeated one is an error.
    public func allPages<Item>(
        _ operation: String, _ page: (String?) async throws -> (items: [Item], next: String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var tokens = PageTokens(operation: operation)
        var token: String?
        repeat {
            let (found, next) = try await page(token)
            items += found
            guard items.count <= Self.maximumListedItems else {
                throw PaginationLimitError(
                    operation: operation, limit: "\(Self.maximumListedItems) items")
            }
            token = try tokens.next(next)
        } while token != nil
        return items
    }
}

/// The tag listings Kinesis and Firehose share: pages of `Tags` continued from the last key
/// seen (`ExclusiveStartTagKey`) while `HasMoreTags`.
struct TagPage: Decodable {
    struct Tag: Decodable {
        var key: String
        var value: String?
    }
    var tags: [Tag]
    var hasMoreTags: Bool
}

extension AWSClient {
    /// Every tag, a page of `input(lastKey)` at a time.
    func tagsByStartKey(_ operation: String, input: (String?) -> some Encodable) async throws
        -> [String: String]
    {
        let tags = try await allPages(operation) { last in
            let page = try await json(operation, input(last), as: TagPage.self)
            return (page.tags, page.hasMoreTags ? page.tags.last?.key : nil)
        }
        return Dictionary(tags.map { ($0.key, $0.value ?? "") }) { $1 }
    }
}
