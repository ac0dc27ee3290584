import HTTPServer

/// What a `RequestParser` made of a byte stream: heads, bodies (pieces joined, since how a body
/// is cut depends on how the bytes arrived) and the error that stopped it, in order.
public struct ParserTranscript: Equatable, CustomStringConvertible {
    public enum Event: Equatable {
        case head(RequestHead)
        case body([UInt8])
        case end
        case failure(HTTPError)
    }

    public private(set) var events: [Event] = []

    /// Parses `bytes` fed in pieces of the given sizes (the rest in one last piece).
    public init(_ bytes: [UInt8], pieces: [Int] = [], limits: Limits) {
        var parser = RequestParser(limits: limits)
        var offset = 0
        for size in pieces + [bytes.count] where offset < bytes.count {
            let end = min(bytes.count, offset + max(1, size))
            parser.append(bytes[offset..<end])
            offset = end
            if drain(&parser) { return }
        }
    }

    /// Takes every part the parser can give; true once it failed (it stays poisoned).
    private mutating func drain(_ parser: inout RequestParser) -> Bool {
        while true {
            do {
                guard let part = try parser.next() else { return false }
                switch part {
                case .head(let head): events.append(.head(head))
                case .body(let bytes):
                    if case .body(let earlier) = events.last {
                        events[events.count - 1] = .body(earlier + bytes)
                    } else {
                        events.append(.body(bytes))
                    }
                case .end: events.append(.end)
                }
            } catch {
                // The body of a failed request was streamed out as it arrived (gzip output
                // before the corruption, say): how much depends on how bytes arrived. Drop it.
                if case .body = events.last { events.removeLast() }
                events.append(.failure(error))
                // A poisoned parser repeats its error and yields nothing else.
                do {
                    _ = try parser.next()
                    require(false, "the parser yielded a part after failing with \(error)")
                } catch let again {
                    require(again == error, "the parser failed with \(error), then with \(again)")
                }
                return true
            }
        }
    }

    /// The decoded bodies of the requests that ended.
    public var completedBodies: [[UInt8]] {
        var bodies: [[UInt8]] = []
        var current: [UInt8] = []
        for event in events {
            switch event {
            case .head: current = []
            case .body(let bytes): current += bytes
            case .end: bodies.append(current)
            case .failure: break
            }
        }
        return bodies
    }

    public var description: String {
        events.map { event in
            switch event {
            case .head(let head): return "head \(head.method) \(head.target) \(head.framing)"
            case .body(let bytes): return "body \(bytes.count) bytes"
            case .end: return "end"
            case .failure(let error): return "failure \(error)"
            }
        }.joined(separator: "; ")
    }
}
