import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The elements of an XML document in document order, with their attributes, text and the ids of their ancestors
/// (parsed with Foundation's `XMLParser`: a document that is not well-formed throws).
final class XHTMLTree: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var namespace: String?
        var attributes: [String: String]
        var ancestorIds: [String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private var parseError: (any Error)?

    init(_ text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = self
        guard parser.parse() else { throw parseError ?? parser.parserError ?? E2EFixture.Failure("not well-formed XML") }
    }

    func element(id: String) -> Element? { elements.first { $0.attributes["id"] == id } }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let ids = open.compactMap { elements[$0].attributes["id"] }
        elements.append(Element(name: name, namespace: namespaceURI, attributes: attributes, ancestorIds: ids))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for index in open { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) { parseError = error }
}
