/// Query parameters that V1 signatures include in the canonicalized resource.
///
/// The superset used by the official Python SDK (oss2 `_subresource_key_set`), which contains the Go SDK v2
/// list. Ordinary listing parameters (`prefix`, `marker`, `max-keys`, `list-type`, `delimiter`,
/// `start-after`, `encoding-type`, `max-parts`, `part-number-marker`) are not signed; `continuation-token` is.
public enum OSSSubResources {
    /// Names compared case-sensitively, as OSS does.
    public static let signed: Set<String> = [
        "response-content-type", "response-content-language", "response-cache-control", "logging",
        "response-content-encoding", "acl", "uploadId", "uploads", "partNumber", "group", "link", "delete",
        "website", "location", "objectInfo", "objectMeta", "response-expires", "response-content-disposition",
        "cors", "lifecycle", "restore", "qos", "referer", "stat", "bucketInfo", "append", "position",
        "security-token", "live", "comp", "status", "vod", "startTime", "endTime", "x-oss-process", "symlink",
        "callback", "callback-var", "tagging", "encryption", "versions", "versioning", "versionId", "policy",
        "requestPayment", "x-oss-traffic-limit", "qosInfo", "asyncFetch", "x-oss-request-payer", "sequential",
        "inventory", "inventoryId", "continuation-token", "worm", "wormId", "wormExtend", "replication",
        "replicationLocation", "replicationProgress", "transferAcceleration", "cname", "metaQuery",
        "x-oss-ac-source-ip", "x-oss-ac-subnet-mask", "x-oss-ac-vpc-id", "x-oss-ac-forward-allow",
        "resourceGroup", "style", "styleName", "x-oss-async-process", "regionList",
        "x-oss-write-get-object-response", "bucketArchiveDirectRead", "httpsConfig", "redundancyTransition",
        "x-oss-target-redundancy-type", "x-oss-redundancy-transition-taskid", "accessPoint",
        "accessPointPolicy", "publicAccessBlock", "x-oss-access-point-name", "requesterQosInfo",
        "qosRequester", "resourcePoolInfo", "resourcePool", "resourcePoolBuckets", "cloudboxes",
    ]
}
