/// The values the ReportPortal-compatible API hands to the store, already decoded from JSON.
/// Times are milliseconds since the epoch (UTC). `nil` always means "not given".

/// One `{key, value, system}` attribute as RP sends it (the key may be missing).
public struct RPAttribute: Sendable, Equatable {
    public var key: String?
    public var value: String
    public var system: Bool

    public init(key: String?, value: String, system: Bool = false) {
        self.key = key
        self.value = value
        self.system = system
    }
}

/// An item's `issue` (a defect marker): its type locator, comment and external tickets.
public struct RPIssue: Sendable, Equatable {
    public var issueType: String?
    public var comment: String?
    public var tickets: [String]
    /// The object as sent, kept verbatim.
    public var json: String

    public init(issueType: String?, comment: String?, tickets: [String] = [], json: String) {
        self.issueType = issueType
        self.comment = comment
        self.tickets = tickets
        self.json = json
    }
}

/// `POST …/launch`.
public struct RPLaunchStart: Sendable, Equatable {
    /// The launch uuid if the launch is new: the client's own (RP allows one; the pytest agent
    /// never sends it) or one the app made.
    public var uuid: String
    public var name: String
    public var description: String?
    public var mode: String?
    public var startTime: Int64?
    public var attributes: [RPAttribute]
    public var rerun: Bool
    public var rerunOf: String?
    /// Of the request; the same request twice answers the same launch.
    public var fingerprint: String

    public init(uuid: String, name: String, description: String? = nil, mode: String? = nil, startTime: Int64? = nil,
                attributes: [RPAttribute] = [], rerun: Bool = false, rerunOf: String? = nil, fingerprint: String) {
        self.uuid = uuid
        self.name = name
        self.description = description
        self.mode = mode
        self.startTime = startTime
        self.attributes = attributes
        self.rerun = rerun
        self.rerunOf = rerunOf
        self.fingerprint = fingerprint
    }
}

/// What a launch start stored: the run's key (the launch uuid the client uses from now on),
/// its number, and whether it was new.
public struct RPLaunchStarted: Sendable, Equatable {
    public var uuid: String
    public var number: Int64
    public var created: Bool
}

/// `PUT …/launch/{uuid}/finish`.
public struct RPLaunchFinish: Sendable, Equatable {
    public var endTime: Int64?
    public var description: String?
    public var attributes: [RPAttribute]?

    public init(endTime: Int64? = nil, description: String? = nil, attributes: [RPAttribute]? = nil) {
        self.endTime = endTime
        self.description = description
        self.attributes = attributes
    }
}

/// `POST …/item[/{parent}]`.
public struct RPItemStart: Sendable, Equatable {
    /// The uuid to give the item if it is new (the app makes one).
    public var uuid: String
    /// From the URL; may name an item this server never saw (`rp_parent_item_id`).
    public var parentUUID: String?
    public var launchUUID: String?
    /// Upper-cased.
    public var type: String
    public var name: String
    public var description: String?
    public var codeRef: String?
    public var testCaseId: String?
    /// `{key, value}` pairs in the order sent.
    public var parameters: [RPAttribute]
    public var attributes: [RPAttribute]
    public var hasStats: Bool
    public var retry: Bool
    public var retryOf: String?
    public var startTime: Int64?
    public var fingerprint: String

    public init(uuid: String, parentUUID: String? = nil, launchUUID: String?, type: String = "STEP", name: String,
                description: String? = nil, codeRef: String? = nil, testCaseId: String? = nil, parameters: [RPAttribute] = [],
                attributes: [RPAttribute] = [], hasStats: Bool = true, retry: Bool = false, retryOf: String? = nil,
                startTime: Int64? = nil, fingerprint: String) {
        self.uuid = uuid
        self.parentUUID = parentUUID
        self.launchUUID = launchUUID
        self.type = type
        self.name = name
        self.description = description
        self.codeRef = codeRef
        self.testCaseId = testCaseId
        self.parameters = parameters
        self.attributes = attributes
        self.hasStats = hasStats
        self.retry = retry
        self.retryOf = retryOf
        self.startTime = startTime
        self.fingerprint = fingerprint
    }
}

public enum RPItemStartOutcome: Sendable, Equatable {
    case started(uuid: String)
    /// The same request was seen before: its item.
    case duplicate(uuid: String)
    /// Neither the body nor a known parent names a launch.
    case noLaunch
}

/// `PUT …/item/{uuid}`.
public struct RPItemFinish: Sendable, Equatable {
    public var endTime: Int64?
    /// As sent, upper-cased; nil or an unknown status means "derive it from the children".
    public var status: String?
    public var issue: RPIssue?
    public var attributes: [RPAttribute]?
    public var description: String?
    public var testCaseId: String?
    public var retry: Bool?
    public var retryOf: String?

    public init(endTime: Int64? = nil, status: String? = nil, issue: RPIssue? = nil, attributes: [RPAttribute]? = nil,
                description: String? = nil, testCaseId: String? = nil, retry: Bool? = nil, retryOf: String? = nil) {
        self.endTime = endTime
        self.status = status
        self.issue = issue
        self.attributes = attributes
        self.description = description
        self.testCaseId = testCaseId
        self.retry = retry
        self.retryOf = retryOf
    }
}

public enum RPItemFinishOutcome: Sendable, Equatable {
    /// `storedResults`: 1 when the item was a test and its result is new, else 0.
    case finished(status: String, storedResults: Int)
    /// Finished before; nothing changed.
    case alreadyFinished(status: String)
    case notFound
}

/// What a launch finish did.
public struct RPLaunchFinishOutcome: Sendable, Equatable {
    /// The run's id: the launch number ReportPortal clients see.
    public var number: Int64
    /// Results stored for tests still running at the finish (they become `error`).
    public var storedResults: Int
}

/// A file sent with a log entry. `bytes` is nil when it was larger than the limit: the log
/// then keeps the name, type and size only.
public struct RPAttachmentUpload: Sendable, Equatable {
    public var name: String
    public var contentType: String
    public var size: Int
    public var bytes: [UInt8]?

    public init(name: String, contentType: String, size: Int, bytes: [UInt8]?) {
        self.name = name
        self.contentType = contentType
        self.size = size
        self.bytes = bytes
    }
}

/// One entry of a log batch.
public struct RPLogEntry: Sendable, Equatable {
    public var launchUUID: String?
    public var itemUUID: String?
    public var time: Int64
    /// Upper-cased.
    public var level: String
    public var message: String
    public var attachment: RPAttachmentUpload?
    /// Of the entry; the same entry twice is stored once.
    public var fingerprint: String

    public init(launchUUID: String?, itemUUID: String?, time: Int64, level: String, message: String,
                attachment: RPAttachmentUpload? = nil, fingerprint: String) {
        self.launchUUID = launchUUID
        self.itemUUID = itemUUID
        self.time = time
        self.level = level
        self.message = message
        self.attachment = attachment
        self.fingerprint = fingerprint
    }
}

public enum RPLogOutcome: Sendable, Equatable {
    case stored(id: Int64)
    case duplicate(id: Int64)
    /// Neither the entry nor its item names a launch.
    case noLaunch
}
