/// Bounds the bytes of remote source bodies held in memory at once (all files, all parts): an ``AsyncSemaphore``
/// counted in bytes.
typealias ByteBudget = AsyncSemaphore
