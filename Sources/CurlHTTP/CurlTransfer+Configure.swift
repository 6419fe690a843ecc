import CCurl

extension CurlTransfer {
    /// Bodies below this size are sent without `Expect: 100-continue` (saves a round trip per small PUT).
    static let expectContinueThreshold: Int64 = 1 << 20

    /// Sets every option of `handle` (freshly reset) for this request. Opens the body file first.
    func configure(handle: UnsafeMutableRawPointer, options: CurlTransportOptions) throws(HTTPTransportError) {
        self.handle = handle
        try openSource()
        var setter = OptionSetter(handle: handle, context: { [self] in context })
        let me = Unmanaged.passUnretained(self).toOpaque()
        let method = request.method.uppercased()

        setter.string(CURLOPT_URL, request.url)
        // Send the path exactly as given: OSS keys may contain `.`/`..` segments, which curl would otherwise squash.
        setter.long(CURLOPT_PATH_AS_IS, 1)
        setter.pointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        setter.long(CURLOPT_NOSIGNAL, 1)
        setter.long(CURLOPT_TCP_KEEPALIVE, 1)
        setter.long(CURLOPT_TCP_NODELAY, 1)
        setter.long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        setter.string(CURLOPT_USERAGENT, options.userAgent)

        // Timeouts.
        let timeouts = request.timeouts ?? options.timeouts
        setter.long(CURLOPT_CONNECTTIMEOUT_MS, timeouts.connect.curlMilliseconds)
        setter.long(CURLOPT_LOW_SPEED_LIMIT, max(0, timeouts.lowSpeedLimitBytesPerSecond))
        setter.long(CURLOPT_LOW_SPEED_TIME, timeouts.lowSpeedTime.curlSeconds)
        if let total = timeouts.total { setter.long(CURLOPT_TIMEOUT_MS, total.curlMilliseconds) }

        // TLS.
        setter.long(CURLOPT_SSL_VERIFYPEER, options.verifyTLS ? 1 : 0)
        setter.long(CURLOPT_SSL_VERIFYHOST, options.verifyTLS ? 2 : 0)
        if let caInfo = options.caInfo { setter.string(CURLOPT_CAINFO, caInfo) }
        if let caPath = options.caPath { setter.string(CURLOPT_CAPATH, caPath) }

        // Response callbacks.
        setter.callback(CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        setter.pointer(CURLOPT_HEADERDATA, me)
        setter.callback(CURLOPT_WRITEFUNCTION, curlWriteCallback)
        setter.pointer(CURLOPT_WRITEDATA, me)

        // Method and request body.
        let hasBody = bodyLength > 0
        switch method {
        case "HEAD":
            setter.long(CURLOPT_NOBODY, 1)
        case "GET" where !hasBody:
            setter.long(CURLOPT_HTTPGET, 1)
            setter.long(CURLOPT_BUFFERSIZE, 256 * 1024)
        case "POST":
            setter.long(CURLOPT_POST, 1)
            setter.offT(CURLOPT_POSTFIELDSIZE_LARGE, bodyLength)
            setUploadCallbacks(&setter, me: me)
        case "PUT":
            setter.long(CURLOPT_UPLOAD, 1)
            setter.offT(CURLOPT_INFILESIZE_LARGE, bodyLength)
            setUploadCallbacks(&setter, me: me)
        default:
            setter.string(CURLOPT_CUSTOMREQUEST, request.method)
            if hasBody {
                setter.long(CURLOPT_UPLOAD, 1)
                setter.offT(CURLOPT_INFILESIZE_LARGE, bodyLength)
                setUploadCallbacks(&setter, me: me)
            }
        }

        // Header fields.
        var lines: [String] = []
        lines.reserveCapacity(request.headers.count + 2)
        for (name, value) in request.headers {
            // "Name;" sends an empty value; "Name:" would delete curl's own header instead.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if !request.headers.contains(name: "Expect"), bodyLength < Self.expectContinueThreshold {
            lines.append("Expect:")
        }
        if method == "POST", !request.headers.contains(name: "Content-Type") {
            lines.append("Content-Type:")  // no implicit application/x-www-form-urlencoded (it would break signatures)
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                throw HTTPTransportError(kind: .other, message: "\(context): out of memory building the header list")
            }
            list = appended
        }
        headerList = list
        setter.slist(CURLOPT_HTTPHEADER, list)

        if let failure = setter.failure { throw failure }
    }

    private func setUploadCallbacks(_ setter: inout OptionSetter, me: UnsafeMutableRawPointer) {
        setter.callback(CURLOPT_READFUNCTION, curlReadCallback)
        setter.pointer(CURLOPT_READDATA, me)
        setter.seekCallback(curlSeekCallback)
        setter.pointer(CURLOPT_SEEKDATA, me)
        // CURLOPT_UPLOAD_BUFFERSIZE stays at curl's 64 KiB: larger buffers measured no faster over loopback (the CRC
        // then runs on cache-cold data) and cost memory with hundreds of concurrent uploads.
    }
}

/// Calls `curl_easy_setopt` and remembers the first failure, so configuration reads as a flat list.
struct OptionSetter {
    let handle: UnsafeMutableRawPointer
    /// `METHOD url` for the message; built only when an option fails.
    let context: () -> String
    private(set) var failure: HTTPTransportError?

    init(handle: UnsafeMutableRawPointer, context: @escaping () -> String) {
        self.handle = handle
        self.context = context
    }

    mutating func long(_ option: CURLoption, _ value: Int) {
        check(ccurl_easy_setopt_long(handle, option, value), option)
    }

    mutating func offT(_ option: CURLoption, _ value: Int64) {
        check(ccurl_easy_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    mutating func string(_ option: CURLoption, _ value: String) {
        check(ccurl_easy_setopt_string(handle, option, value), option)
    }

    mutating func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
        check(ccurl_easy_setopt_pointer(handle, option, value), option)
    }

    mutating func slist(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?) {
        check(ccurl_easy_setopt_slist(handle, option, value), option)
    }

    mutating func callback(_ option: CURLoption, _ value: ccurl_data_callback) {
        check(ccurl_easy_setopt_data_callback(handle, option, value), option)
    }

    mutating func seekCallback(_ value: ccurl_seek_callback) {
        check(ccurl_easy_setopt_seek_callback(handle, value), CURLOPT_SEEKFUNCTION)
    }

    private mutating func check(_ code: CURLcode, _ option: CURLoption) {
        guard code != CURLE_OK, failure == nil else { return }
        failure = HTTPTransportError(
            curlCode: code,
            detail: "setting curl option \(option.rawValue) failed: \(String(cString: curl_easy_strerror(code)))",
            context: context()
        )
    }
}
