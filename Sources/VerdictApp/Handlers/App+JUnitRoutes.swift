extension App {
    /// JUnit XML upload.
    static let junitRoutes: [Route] = []
}
