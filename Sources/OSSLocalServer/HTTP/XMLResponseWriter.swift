import OSSCore
/// Builds OSS XML response bodies (`<?xml ...?>` prolog, escaped text, no indentation).
struct XMLResponseWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    mutating func open(_ name: String) { text += "<" + name + ">" }
    mutating func close(_ name: String) { text += "</" + name + ">" }

    /// `<name>escaped value</name>`.
    mutating func element(_ name: String, _ value: String) {
        text += "<" + name + ">" + XMLEscape.escape(value) + "</" + name + ">"
    }

    mutating func element(_ name: String, _ value: Int) { element(name, String(value)) }
    mutating func element(_ name: String, _ value: Int64) { element(name, String(value)) }
    mutating func element(_ name: String, _ value: Bool) { element(name, value ? "true" : "false") }

    /// Wraps children in `<name>...</name>`.
    mutating func group(_ name: String, _ body: (inout XMLResponseWriter) -> Void) {
        open(name)
        body(&self)
        close(name)
    }

    var bytes: [UInt8] { Array(text.utf8) }
}
