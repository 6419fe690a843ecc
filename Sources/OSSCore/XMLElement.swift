/// One parsed XML element: name, attributes, direct text and child elements.
public struct XMLElement: Sendable, Equatable {
    /// Tag name as written (with any namespace prefix).
    public var name: String
    /// Attributes, entity-decoded.
    public var attributes: [String: String]
    /// The element's own character data (text and CDATA, entity-decoded, concatenated; not trimmed).
    public var text: String
    /// Child elements in document order.
    public var children: [XMLElement]

    public init(name: String, attributes: [String: String] = [:], text: String = "", children: [XMLElement] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// The first child named `name`.
    public func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child named `name`, in order.
    public func children(_ name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child named `name`, or nil if there is no such child.
    public func childText(_ name: String) -> String? {
        child(name)?.text
    }
}
