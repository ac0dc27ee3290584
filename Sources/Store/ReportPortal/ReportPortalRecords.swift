import Reports

/// A launch as the RP read endpoints show it.
public struct RPLaunchRecord: Sendable, Equatable {
    public var number: Int64
    public var uuid: String
    public var name: String?
    public var status: RunStatus
    public var startTime: Int64?
    public var endTime: Int64?
    public var attributes: [String: String]
}

/// An item as the RP read endpoints show it.
public struct RPItemRecord: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var launchUUID: String
    public var parentUUID: String?
    public var type: String
    public var name: String
    public var path: String?
    public var codeRef: String?
    public var testCaseId: String?
    public var description: String?
    public var hasStats: Bool
    public var status: String?
    public var startTime: Int64
    public var endTime: Int64?
    public var testKey: String?
    public var attempt: Int?
    public var attributes: [RPAttribute]
    public var parameters: [RPAttribute]
    public var issue: String?
}

/// What a log line says about its attachment. `stored` is false when the file was over the
/// size limit and only its name, type and size were kept.
public struct AttachmentInfo: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var contentType: String
    public var size: Int
    public var stored: Bool
}

/// An attachment with its bytes (nil when it was not stored).
public struct StoredAttachment: Sendable, Equatable {
    public var info: AttachmentInfo
    public var bytes: [UInt8]?
}

/// One log line of a run, with the test (and attempt) it belongs to: the item's own, or that
/// of the test a nested step runs in. Launch-level lines and lines of suites have no test.
public struct RunLog: Sendable, Equatable {
    public var id: Int64
    public var time: Int64
    public var level: String
    public var message: String
    /// The name of the item it was sent for (a test, a nested step, a suite).
    public var item: String?
    public var test: String?
    public var attempt: Int?
    public var attachment: AttachmentInfo?
}
