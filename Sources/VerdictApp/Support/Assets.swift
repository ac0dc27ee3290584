import Store

/// The files embedded at build time from `public/` and `migrations/`.
enum Assets {
    static let files: [String: [UInt8]] = EmbeddedAssets.files.compactMapValues(Base64.decode)

    /// `public/` files keyed by their path inside it ("index.html", "js/app.js").
    static let publicFiles: [String: [UInt8]] = Dictionary(uniqueKeysWithValues: files.compactMap { path, bytes in
        path.hasPrefix("public/") ? (String(path.dropFirst("public/".count)), bytes) : nil
    })

    /// Every migration shipped with this build, in version order.
    public static let migrations: [Migration] = files.compactMap { path, bytes in
        guard path.hasPrefix("migrations/") else { return nil }
        return Migration(fileName: String(path.dropFirst("migrations/".count)), sql: String(decoding: bytes, as: UTF8.self))
    }.sorted { $0.version < $1.version }
}

/// The migrations this build ships, for the CLI and tests.
public let shippedMigrations: [Migration] = Assets.migrations
