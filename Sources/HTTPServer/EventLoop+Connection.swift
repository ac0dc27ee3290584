import Glibc

extension EventLoop {
    func handleEvent(_ connection: Connection, flags: UInt32, now: Int64) {
        // EPOLLHUP: both directions are gone (reset, or peer closed after our shutdown);
        // EPOLLERR: a socket error. Nothing more can be delivered either way.
        if flags & (Epoll.error | Epoll.hangUp) != 0 {
            closeConnection(connection)
            return
        }
        if flags & Epoll.input != 0 { readable(connection, now: now) }
        if !connection.closed && flags & Epoll.output != 0 { update(connection, now: now) }
    }

    private func readable(_ connection: Connection, now: Int64) {
        if connection.lingering {
            // Lingering close: discard what the client still sends so our close does not
            // reset the connection before it read our final response.
            while true {
                guard let n = try? Socket.receive(connection.fd, into: readBuffer) else { return closeConnection(connection) }
                if n == 0 { return closeConnection(connection) }
            }
        }
        // A few reads per wake-up so one fast client cannot starve the others.
        for _ in 0..<4 where wantsRead(connection) {
            let received: Int?
            do {
                received = try Socket.receive(connection.fd, into: readBuffer)
            } catch {
                return closeConnection(connection)
            }
            guard let count = received else { break }
            if count == 0 {
                connection.peerClosed = true
                break
            }
            connection.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            connection.timer.progress(now: now)
            parse(connection, now: now)
            // A short read almost always emptied the socket; asking again would mostly cost a
            // system call answered EAGAIN. Level-triggered epoll reports anything left over.
            if count < readBuffer.count { break }
        }
        if connection.peerClosed && connection.inFlight == nil && connection.ready.isEmpty
            && connection.pendingOutput == 0 && connection.pendingError == nil {
            return closeConnection(connection)
        }
        update(connection, now: now)
    }

    private func wantsRead(_ connection: Connection) -> Bool {
        !connection.peerClosed && !connection.closeAfterWrite && !connection.noMoreRequests
            && connection.pendingError == nil && connection.ready.count < EventLoop.maxPipelined
            && connection.pendingOutput < EventLoop.maxPendingOutput
    }

    /// Turns buffered bytes into complete requests, up to the pipelining bound.
    func parse(_ connection: Connection, now: Int64) {
        let limits = context.limits
        while connection.pendingError == nil && !connection.noMoreRequests && !connection.closeAfterWrite
            && connection.ready.count < EventLoop.maxPipelined {
            let part: RequestPart?
            do {
                part = try connection.parser.next()
            } catch {
                fail(connection, error)
                return
            }
            guard let part else { return }
            switch part {
            case .head(let head):
                connection.head = head
                connection.headReceivedAt = now
                var expected: Int?
                if case .contentLength(let length) = head.framing { expected = length }
                connection.collector = BodyCollector(
                    threshold: limits.spoolThreshold, directory: context.configuration.spoolDirectory,
                    expectedLength: expected)
                connection.continuePending = head.expectsContinue
            case .body(let bytes):
                do {
                    try connection.collector?.append(bytes)
                } catch {
                    fail(connection, error)
                    return
                }
            case .end:
                guard let head = connection.head, var collector = connection.collector else { return }
                var request = Request(method: head.method, target: head.target, headers: head.headers, body: collector.finish())
                request.remoteAddress = connection.remoteAddress
                connection.ready.append(.init(request: request, keepAlive: head.keepAlive, receivedAt: connection.headReceivedAt))
                connection.head = nil
                connection.collector = nil
                connection.continuePending = false
                if !head.keepAlive { connection.noMoreRequests = true }
            }
        }
    }

    private func fail(_ connection: Connection, _ error: HTTPError) {
        connection.collector?.discard()
        connection.collector = nil
        connection.head = nil
        connection.continuePending = false
        connection.pendingError = error
    }

    /// Moves a connection forward: dispatch the next request, answer a pending error or send
    /// `100 Continue`, write, then refresh its epoll interest and timer.
    func update(_ connection: Connection, now: Int64) {
        guard !connection.closed else { return }
        if connection.inFlight == nil && !connection.lingering && !connection.closeAfterWrite {
            while connection.inFlight == nil && !connection.closeAfterWrite && !connection.ready.isEmpty {
                dispatch(connection, connection.ready.removeFirst(), now: now)
            }
            if connection.inFlight == nil && connection.ready.isEmpty && !connection.closeAfterWrite {
                if let error = connection.pendingError {
                    connection.pendingError = nil
                    respond(connection, with: context.configuration.errorResponse(error),
                            method: "", path: "", keepAlive: false, receivedAt: now, now: now)
                } else if connection.continuePending {
                    // RFC 9110 §10.1.1: the client waits for this before sending the body.
                    connection.continuePending = false
                    connection.output.append(contentsOf: ResponseSerializer.continueBytes)
                } else if connection.peerClosed && !connection.parser.isReadingBody {
                    connection.closeAfterWrite = true
                }
            }
        }
        flush(connection, now: now)
        guard !connection.closed else { return }
        if draining && connection.isIdle { return closeConnection(connection) }
        var mask: UInt32 = 0
        if connection.lingering {
            mask = Epoll.input
        } else {
            if connection.pendingOutput > 0 { mask |= Epoll.output }
            if wantsRead(connection) { mask |= Epoll.input }
        }
        if mask != connection.interest {
            connection.interest = mask
            epoll.modify(connection.fd, events: mask)
        }
        connection.timer.enter(connection.currentPhase, now: now)
    }

    private func dispatch(_ connection: Connection, _ entry: Connection.Ready, now: Int64) {
        let request = entry.request
        if let inline = context.configuration.inlineResponder, let response = inline(request) {
            request.body.deleteSpoolFile()
            respond(connection, with: response, method: request.method, path: request.path,
                    keepAlive: entry.keepAlive, receivedAt: entry.receivedAt, now: now)
            return
        }
        let (fd, serial, handler) = (connection.fd, connection.serial, context.handler)
        let accepted = context.pool.submit { [self] in
            let response = handler(request)
            request.body.deleteSpoolFile()
            post(Completion(fd: fd, serial: serial, response: response))
        }
        if accepted {
            connection.inFlight = .init(method: request.method, path: request.path,
                                        keepAlive: entry.keepAlive, receivedAt: entry.receivedAt)
        } else {
            request.body.deleteSpoolFile()
            let error = HTTPError.queueFull(limit: context.pool.capacity)
            respond(connection, with: context.configuration.errorResponse(error), method: request.method,
                    path: request.path, keepAlive: entry.keepAlive, receivedAt: entry.receivedAt, now: now)
        }
    }

    func complete(_ connection: Connection, with response: Response, now: Int64) {
        guard let flight = connection.inFlight else { return }
        connection.inFlight = nil
        respond(connection, with: response, method: flight.method, path: flight.path,
                keepAlive: flight.keepAlive, receivedAt: flight.receivedAt, now: now)
        parse(connection, now: now)
        update(connection, now: now)
    }

    /// Queues a final response; a response that ends the connection drops what was parsed ahead.
    func respond(_ connection: Connection, with response: Response, method: String, path: String,
                 keepAlive: Bool, receivedAt: Int64, now: Int64) {
        let handlerCloses = response.headers.values("Connection").flatMap(RequestParser.listElements)
            .contains { $0.caseInsensitiveEquals("close") }
        let keep = keepAlive && !draining && !handlerCloses && !(connection.peerClosed && connection.ready.isEmpty)
        let written = ResponseSerializer.serialize(response, method: method, keepAlive: keep, date: date(),
                                                   into: &connection.output)
        connection.answeredAny = true
        if !keep {
            connection.closeAfterWrite = true
            connection.discardQueuedBodies()
        }
        if let log = context.configuration.accessLog {
            let bodyBytes = method == "HEAD" ? 0 : min(written, response.body.count)
            log(AccessLogEntry(method: method, path: path, status: response.status, bytes: bodyBytes,
                               durationMs: Int(now - receivedAt), remoteAddress: connection.remoteAddress))
        }
    }

    private func flush(_ connection: Connection, now: Int64) {
        while connection.pendingOutput > 0 {
            let sent: Int
            do {
                sent = try connection.output.withUnsafeBytes { bytes throws(SystemError) in
                    try Socket.send(connection.fd, UnsafeRawBufferPointer(rebasing: bytes[connection.outputOffset...]))
                }
            } catch {
                return closeConnection(connection)
            }
            if sent == 0 { break }
            connection.outputOffset += sent
            connection.timer.progress(now: now)
        }
        guard connection.pendingOutput == 0 else { return }
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 64 * 1024)
        connection.outputOffset = 0
        if connection.closeAfterWrite && !connection.lingering {
            if connection.peerClosed { return closeConnection(connection) }
            // Half-close and linger (RFC 9112 §9.6): closing with unread input would send a
            // reset that can destroy the response before the client reads it.
            shutdown(connection.fd, Int32(SHUT_WR))
            connection.lingering = true
        }
    }

    func closeConnection(_ connection: Connection) {
        guard !connection.closed else { return }
        connection.closed = true
        connection.discardQueuedBodies()
        connections[connection.fd] = nil
        close(connection.fd)
        if connection.counted { context.release() } else { rejecting -= 1 }
    }
}
