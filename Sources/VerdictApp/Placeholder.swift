func embeddedCount() -> Int { EmbeddedAssets.files.count }
