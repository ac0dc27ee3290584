import Foundation
import PackagePlugin

/// Embeds `public/`, `migrations/` and `openapi/` into the target that uses this plugin, so the `verdict`
/// binary finds its UI and schema wherever it is started from.
@main
struct EmbedAssets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["public", "migrations", "openapi"].map { root.appending(path: $0) }
        var inputs: [URL] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                inputs.append(url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets.swift")
        return [
            .buildCommand(
                displayName: "Embedding public/, migrations/ and openapi/",
                executable: try context.tool(named: "embed-assets").url,
                arguments: [output.path()] + folders.map { $0.path() },
                inputFiles: inputs.sorted { $0.path() < $1.path() },
                outputFiles: [output]
            )
        ]
    }
}
