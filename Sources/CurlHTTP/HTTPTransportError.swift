/// A request that failed below HTTP: no (complete) response was received.
///
/// The message names the method, the URL without its query string, curl's code and error text; it never contains
/// header values or query parameters, so credentials and presigned signatures stay out of logs.
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, classified by what a caller can do about it.
    public enum Kind: Sendable, Hashable {
        /// Connect, low-speed or total timeout.
        case timeout
        /// The TCP connection could not be established (e.g. refused).
        case connectFailed
        /// The connection broke while sending or receiving (reset, EOF, short body).
        case connectionReset
        /// The host name could not be resolved.
        case dns
        /// TLS handshake or certificate verification failed.
        case tls
        /// Reading the request body from its file failed (I/O error, missing file).
        case sourceRead
        /// The request body's file holds fewer bytes than the request range (it changed under us).
        case sourceChanged
        /// The response body sink threw.
        case sinkFailed
        /// The in-memory response body exceeded `HTTPRequest.maxResponseBodyInMemory`.
        case responseTooLarge
        /// The transfer was stopped (transport shut down).
        case cancelled
        /// Anything else (malformed URL, out of memory, unsupported protocol, ...).
        case other
    }

    public var kind: Kind
    /// libcurl's `CURLcode`, when curl reported the failure.
    public var curlCode: Int32?
    /// Human-readable detail (curl's error buffer text, errno text, ...). Never contains credentials.
    public var message: String
    /// True when sending the same request again may succeed.
    public var isRetryable: Bool
    /// True when the TCP (and TLS) connection had been established and no byte of a response had arrived when
    /// the request failed: with `kind == .timeout`, the server accepted the connection and then stayed silent.
    public var connectedWithoutResponse = false

    public init(kind: Kind, curlCode: Int32? = nil, message: String, isRetryable: Bool? = nil) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
        self.isRetryable = isRetryable ?? Self.defaultRetryable(kind: kind, curlCode: curlCode)
    }

    public var description: String {
        var text = "HTTP transport error (\(kind)"
        if let curlCode { text += ", curl \(curlCode)" }
        text += "): \(message)"
        return text
    }

    /// Transient network failures are retryable; local, configuration and certificate problems are not.
    static func defaultRetryable(kind: Kind, curlCode: Int32?) -> Bool {
        switch kind {
        case .timeout, .connectFailed, .connectionReset:
            return true
        case .tls:
            // Handshake / record-layer failures (35, 56 via SSL, 80) can be transient; certificate problems are not.
            return curlCode == Int32(CURLE_SSL_CONNECT_ERROR_RAW) || curlCode == Int32(CURLE_SSL_SHUTDOWN_FAILED_RAW)
        case .dns, .sourceRead, .sourceChanged, .sinkFailed, .responseTooLarge, .cancelled, .other:
            return false
        }
    }
}

// Raw CURLcode numbers used without importing CCurl in this file (keeps the public file C-free).
let CURLE_SSL_CONNECT_ERROR_RAW = 35
let CURLE_SSL_SHUTDOWN_FAILED_RAW = 80
