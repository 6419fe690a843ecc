import CCurl

/// Process-wide libcurl initialisation, done exactly once.
enum CurlGlobal {
    /// Swift initialises static stored properties lazily and thread-safely (`swift_once`), so
    /// `curl_global_init` runs once even when several transports are created concurrently.
    private static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// Initialises libcurl if needed; throws if that failed.
    static func ensureInitialized() throws(HTTPTransportError) {
        let code = initResult
        guard code == CURLE_OK else {
            throw HTTPTransportError(curlCode: code, detail: "curl_global_init failed", context: nil)
        }
    }

    /// The libcurl version string, e.g. `libcurl/7.88.1 OpenSSL/3.0.x ...`.
    static var version: String {
        guard let cString = curl_version() else { return "libcurl" }
        return String(cString: cString)
    }
}
