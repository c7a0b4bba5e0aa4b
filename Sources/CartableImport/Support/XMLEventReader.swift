import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What an export's parser does with the elements of its file, told as they open and close.
protocol XMLRecordHandler: AnyObject {
    /// An element opened; `path` is the names from the root down to it (its own name last).
    func didStart(_ path: [String], attributes: [String: String])
    /// An element closed; `text` is its own text (trimmed, empty for an element that only holds others).
    /// Answers whether to go on reading (`false` stops the parse, e.g. for another school's file).
    func didEnd(_ path: [String], text: String) -> Bool
}

/// Reads an XML file with Foundation's streaming (SAX) parser, so a file of tens of megabytes never sits in memory:
/// only the open elements' names and the current element's text are kept, and handed to a ``XMLRecordHandler``.
final class XMLEventReader: NSObject, XMLParserDelegate {
    /// How a reading ended.
    enum Outcome: Equatable {
        /// The whole file was read.
        case finished
        /// The root element is not the one expected (`found`), nothing was handed to the handler.
        case otherRoot(found: String)
        /// The handler asked to stop.
        case stopped
        /// The file is not well-formed XML, or could not be read; the parser's words.
        case failed(String)
    }

    /// The most text kept for one element; longer values are cut (they are too long for any field anyway).
    static let maximumText = 4_096

    private let expectedRoot: String
    private unowned let handler: any XMLRecordHandler
    private var path: [String] = []
    private var text = ""
    private var isTextFull = false
    private var outcome: Outcome?
    private var sawRoot = false

    private init(expectedRoot: String, handler: any XMLRecordHandler) {
        self.expectedRoot = expectedRoot
        self.handler = handler
    }

    /// Reads the file at `url`, handing its elements to `handler`, and says how it ended.
    static func read(_ url: URL, expectedRoot: String, handler: any XMLRecordHandler) -> Outcome {
        guard let stream = InputStream(url: url) else { return .failed("the file cannot be opened") }
        let reader = XMLEventReader(expectedRoot: expectedRoot, handler: handler)
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let finished = parser.parse()
        if let outcome = reader.outcome { return outcome }
        if finished {
            guard reader.sawRoot else { return .failed("the file has no XML element") }
            return reader.path.isEmpty ? .finished : .failed("the file ends before its root element is closed")
        }
        let error = parser.parserError.map { Self.describe($0, line: parser.lineNumber) } ?? "the XML parser stopped"
        return .failed(error)
    }

    /// The parser's error in a few words: its code (libxml2's, e.g. 76 for a mismatched tag) and the line.
    private static func describe(_ error: any Error, line: Int) -> String {
        "XML error \((error as NSError).code) at line \(line)"
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        if path.isEmpty {
            if sawRoot {
                outcome = .failed("a second root element")
                parser.abortParsing()
                return
            }
            sawRoot = true
            guard elementName == expectedRoot else {
                outcome = .otherRoot(found: elementName)
                parser.abortParsing()
                return
            }
        }
        path.append(elementName)
        text = ""
        isTextFull = false
        handler.didStart(path, attributes: attributeDict)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard outcome == nil, !path.isEmpty else { return }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        text = ""
        isTextFull = false
        let goOn = handler.didEnd(path, text: value)
        path.removeLast()
        if !goOn {
            outcome = .stopped
            parser.abortParsing()
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        append(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        append(String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if outcome == nil { outcome = .failed(Self.describe(parseError, line: parser.lineNumber)) }
    }

    private func append(_ string: String) {
        guard !isTextFull else { return }
        text += string
        if text.utf8.count > Self.maximumText {
            text = String(text.prefix(Self.maximumText))
            isTextFull = true
        }
    }
}
