import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element: local name (namespaces dropped), text and children.
public final class XMLNode: Sendable {
    public let name: String
    public let text: String
    public let children: [XMLNode]

    init(name: String, text: String, children: [XMLNode]) {
        self.name = name
        self.text = text
        self.children = children
    }

    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The text of a direct child, if present.
    public func value(_ name: String) -> String? { child(name)?.text }

    /// Finds the first element with this name at any depth.
    public func first(_ name: String) -> XMLNode? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(name) { return found }
        }
        return nil
    }

    /// Parses a document; nil when it is not XML.
    public static func parse(_ data: Data) -> XMLNode? {
        // XMLParser fails on whitespace before `<?xml`.
        guard
            let start = data.firstIndex(where: {
                $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09
            }),
            data[start] == UInt8(ascii: "<")
        else { return nil }
        let builder = TreeBuilder()
        let parser = XMLParser(data: data[start...])
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }
}

/// Builds the tree; XMLParser keeps only a weak reference to its delegate, so the caller holds
/// this one.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private struct Open {
        var name: String
        var text = ""
        var children: [XMLNode] = []
    }

    private var stack: [Open] = []
    var root: XMLNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        stack.append(Open(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        // Text arrives in pieces.
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if !stack.isEmpty {
            stack[stack.count - 1].text += String(decoding: block, as: UTF8.self)
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
        qualifiedName: String?
    ) {
        guard let open = stack.popLast() else { return }
        let text =
            open.children.isEmpty
            ? open.text : open.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let node = XMLNode(name: open.name, text: text, children: open.children)
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }
}

/// Writes XML request bodies (S3) with escaping.
public struct XMLWriter {
    private(set) var output = #"<?xml version="1.0" encoding="UTF-8"?>"#

    public init() {}

    public mutating func element(
        _ name: String, namespace: String? = nil, _ body: (inout XMLWriter) -> Void
    ) {
        output += namespace.map { "<\(name) xmlns=\"\($0)\">" } ?? "<\(name)>"
        body(&self)
        output += "</\(name)>"
    }

    public mutating func element(_ name: String, _ text: String) {
        output += "<\(name)>\(Self.escape(text))</\(name)>"
    }

    public var data: Data { Data(output.utf8) }

    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
