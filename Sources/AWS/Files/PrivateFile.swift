import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that hold credentials, variables or state: created owner-only under a name nobody can
/// guess, never through a symbolic link someone left in the way, and moved into place whole, so
/// that no reader ever sees them half-written or with wider permissions.
public enum PrivateFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `data` to `path` with mode 0600 (or `mode`).
    /// - Parameter privateDirectory: create missing folders 0700 (caches and state); a folder
    ///   the user named (`plan --out`) is left as it is.
    public static func write(
        _ data: Data, to path: String, privateDirectory: Bool = false, mode: mode_t = 0o600
    ) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if privateDirectory, !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        var random = SystemRandomNumberGenerator()
        let temporary =
            (directory.isEmpty ? "" : directory + "/")
            + ".\((path as NSString).lastPathComponent).\(String(random.next(), radix: 36)).tmp"
        // O_EXCL with O_NOFOLLOW: a file or link already under that name is an error, not a
        // target.
        let descriptor = open(
            temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw WriteError(
                description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let written = writeAll(data, to: descriptor) && fsync(descriptor) == 0
        let failure = written ? nil : String(cString: strerror(errno))
        close(descriptor)
        // rename replaces a link at `path` itself; it never writes through it.
        guard failure == nil, rename(temporary, path) == 0 else {
            let reason = failure ?? String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(description: "cannot write \(path): \(reason)")
        }
    }

    /// Writes `data` to a new file at `path`, refusing one that exists (or a link).
    public static func create(_ data: Data, at path: String, mode: mode_t = 0o644) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw WriteError(
                description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard writeAll(data, to: descriptor) else {
            throw WriteError(
                description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Every byte of `data`, through interruptions.
private func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
    data.withUnsafeBytes { buffer -> Bool in
        var offset = 0
        while offset < buffer.count {
            let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }
}
