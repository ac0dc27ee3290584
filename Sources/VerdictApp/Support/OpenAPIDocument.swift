import Reports

/// `GET /api/openapi.json`: `openapi/openapi.json` with every `openapi/paths/*.json` merged in,
/// so each area of the API keeps its part of the spec beside its code.
enum OpenAPIDocument {
    static let bytes: [UInt8] = JSONWriter.bytes(
        addingServerResponses(to: assemble(base: Assets.files["openapi/openapi.json"] ?? [], parts: partFiles)))

    static var partFiles: [[UInt8]] {
        Assets.files.filter { $0.key.hasPrefix("openapi/paths/") && $0.key.hasSuffix(".json") }.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Merges `paths` and each `components` section of the parts into the base document.
    static func assemble(base: [UInt8], parts: [[UInt8]]) -> JSONValue {
        var document = (try? JSONParser.parse(base)) ?? .object([])
        for part in parts {
            guard let fragment = try? JSONParser.parse(part) else { continue }
            if let paths = fragment["paths"] { document = merge(document, key: "paths", with: paths) }
            if let components = fragment["components"]?.objectMembers {
                var merged = document["components"] ?? .object([])
                for (section, value) in components { merged = merge(merged, key: section, with: value) }
                document = set(document, key: "components", to: merged)
            }
        }
        return document
    }

    /// Answers the HTTP server gives before any route sees the request, so every operation can
    /// get them: 431 for a request line or header section beyond the limit (a long query too).
    static let serverResponses: [(String, JSONValue)] = [
        ("431", .object([("$ref", .string("#/components/responses/Error"))])),
    ]

    /// Every operation with `serverResponses` added where the part did not describe them.
    static func addingServerResponses(to document: JSONValue) -> JSONValue {
        let paths = (document["paths"]?.objectMembers ?? []).map { path, item in
            let operations = (item.objectMembers ?? []).map { method, operation -> (String, JSONValue) in
                guard let responses = operation["responses"]?.objectMembers else { return (method, operation) }
                let missing = serverResponses.filter { status, _ in !responses.contains { $0.0 == status } }
                return (method, set(operation, key: "responses", to: .object(responses + missing)))
            }
            return (path, JSONValue.object(operations))
        }
        return set(document, key: "paths", to: .object(paths))
    }

    /// `object[key]` with the members of `addition` added (later ones win).
    static func merge(_ object: JSONValue, key: String, with addition: JSONValue) -> JSONValue {
        var members = object[key]?.objectMembers ?? []
        for (name, value) in addition.objectMembers ?? [] {
            if let index = members.firstIndex(where: { $0.0 == name }) {
                // Two parts may describe different methods of one path.
                if case .object = members[index].1, case .object = value {
                    members[index].1 = merge(.object([("x", members[index].1)]), key: "x", with: value)["x"] ?? value
                } else {
                    members[index].1 = value
                }
            } else {
                members.append((name, value))
            }
        }
        return set(object, key: key, to: .object(members))
    }

    static func set(_ object: JSONValue, key: String, to value: JSONValue) -> JSONValue {
        var members = object.objectMembers ?? []
        if let index = members.firstIndex(where: { $0.0 == key }) { members[index].1 = value } else { members.append((key, value)) }
        return .object(members)
    }
}
