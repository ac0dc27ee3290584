import HTTPServer

enum Paging {
    /// `?limit=`, validated: a whole number from 1 to `max`.
    static func limit(_ request: Request, default value: Int, max: Int) throws -> Int {
        guard let text = request.query("limit") else { return value }
        guard let limit = Int(text), (1...max).contains(limit) else {
            throw APIError.invalidParameter("limit", "must be a whole number from 1 to \(max)")
        }
        return limit
    }
}
