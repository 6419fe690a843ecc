import CCurl

extension HTTPTransportError {
    /// Classifies a libcurl result.
    ///
    /// - Parameters:
    ///   - detail: curl's error buffer text (or `curl_easy_strerror`).
    ///   - context: `METHOD url-without-query`, prefixed to the message.
    init(curlCode code: CURLcode, detail: String, context: String?) {
        let kind = Self.kind(for: code)
        var message = ""
        if let context { message += context + ": " }
        message += detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        self.init(kind: kind, curlCode: Int32(bitPattern: code.rawValue), message: message)
    }

    static func kind(for code: CURLcode) -> Kind {
        switch code {
        case CURLE_COULDNT_CONNECT:
            return .connectFailed
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SEND_FAIL_REWIND,
            CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3, CURLE_QUIC_CONNECT_ERROR:
            return .connectionReset
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return .tls
        case CURLE_READ_ERROR:
            return .sourceRead
        case CURLE_WRITE_ERROR:
            return .sinkFailed
        default:
            return .other
        }
    }
}
