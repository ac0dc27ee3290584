import Reports

/// String-to-string attributes stored as a JSON object text.
enum AttributesJSON {
    static func encode(_ attributes: [String: String]) -> String {
        JSONWriter.string(.object(attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    static func decode(_ text: String) -> [String: String] {
        guard let members = (try? JSONParser.parse(text))?.objectMembers else { return [:] }
        var out: [String: String] = [:]
        for (key, value) in members { if let s = value.string { out[key] = s } }
        return out
    }
}
