import Foundation

/// A file read with a limit: never more than `limit` + 1 bytes are read, so that a file that
/// is far too large (or a FIFO, or a device) cannot fill the memory.
public enum BoundedFile {
    public struct TooLarge: Error, CustomStringConvertible {
        public var path: String
        public var limit: Int
        public var description: String { "\(path) is larger than \(limit) bytes" }
    }

    /// The file's bytes (empty for an empty file); nil when it cannot be opened or read.
    public static func contents(atPath path: String, limit: Int) throws(TooLarge) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard case .success(let bytes) = Result(catching: { try handle.read(upToCount: limit + 1) })
        else { return nil }
        let data = bytes ?? Data()
        guard data.count <= limit else { throw TooLarge(path: path, limit: limit) }
        return data
    }
}
