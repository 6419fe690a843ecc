import Foundation
import NIOCore
import NIOHTTP1

/// The unsigned admin API under `/_admin/` (path style only):
/// `POST /_admin/faults` (body: JSON ``FaultRule``), `DELETE /_admin/faults`,
/// `GET /_admin/faults` (JSON array), `GET /_admin/stats` (JSON ``OSSLocalStats``), `POST /_admin/reset-stats`.
enum AdminEndpoint {
    static let pathPrefix = "/_admin/"

    static func prepare(method: String, uri: String, core: ServerCore) -> PreparedRequest {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        return PreparedRequest("Admin", body: .collect(limit: 1 << 20), finish: .onLoop { (body) throws(OSSLocalError) -> OSSResponse in
            switch (method, path) {
            case ("POST", "/_admin/faults"):
                let bytes = body.map { Array($0.readableBytesView) } ?? []
                do {
                    let rule = try JSONDecoder().decode(FaultRule.self, from: Data(bytes))
                    core.faults.add(rule)
                } catch {
                    throw .invalidArgument("Invalid fault rule JSON: \(error)")
                }
                return encode(core.faults.rules)
            case ("DELETE", "/_admin/faults"):
                core.faults.clear()
                return OSSResponse(status: .noContent)
            case ("GET", "/_admin/faults"):
                return encode(core.faults.rules)
            case ("GET", "/_admin/stats"):
                return encode(core.statsSnapshot())
            case ("POST", "/_admin/reset-stats"):
                core.stats.reset()
                return OSSResponse(status: .noContent)
            default:
                throw OSSLocalError(status: 404, code: "NoSuchAdminEndpoint",
                                    message: "Unknown admin request \(method) \(path). Known: POST/DELETE/GET /_admin/faults, GET /_admin/stats, POST /_admin/reset-stats.")
            }
        })
    }

    private static func encode<T: Encodable>(_ value: T) -> OSSResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return .json(Array(data))
    }
}
