/// What an open `<testsuite>` gives the cases inside it. Built when the suite starts, so a case
/// sees the suite attributes and the `<properties>` written before it (producers write them first).
struct SuiteContext {
    /// The suite's `name` ("" when absent).
    var name: String
    /// Names of this suite and those around it, outermost first, empty names left out, joined " / ".
    var path: String
    var timestamp: String?
    /// `timestamp` parsed once per suite rather than once per case.
    var startedAt: Int64?
    var hostname: String?
    var file: String?
    /// `<property>` entries of this suite and the suites around it, innermost first.
    var properties: [(name: String, value: String)]

    /// The context of a suite opened inside `parent` (nil for the outermost one).
    init(attributes: [String: String], parent: SuiteContext?) {
        name = attributes["name"] ?? ""
        let parentPath = parent?.path ?? ""
        path = name.isEmpty ? parentPath : (parentPath.isEmpty ? name : parentPath + " / " + name)
        timestamp = attributes["timestamp"] ?? parent?.timestamp
        startedAt = attributes["timestamp"].map(JUnitTimestamp.milliseconds) ?? parent?.startedAt
        hostname = attributes["hostname"] ?? parent?.hostname
        file = attributes["file"] ?? parent?.file
        properties = parent?.properties ?? []
        ownProperties = 0
    }

    /// Properties added by this suite, which sit at the front of `properties`.
    private var ownProperties: Int

    /// Adds a property of this suite ahead of the inherited ones, up to `limit` in all.
    mutating func addProperty(name: String, value: String, limit: Int) {
        if properties.count >= limit {
            guard ownProperties < limit else { return }
            properties.removeLast()  // an inherited, outer one makes room for the suite's own
        }
        properties.insert((name, value), at: ownProperties)
        ownProperties += 1
    }
}
