import CZlib
import Foundation

/// gzip (and zlib) decompression with the system's zlib.
public enum Gzip {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Inflates gzip or zlib data (concatenated gzip members too), up to `limit` bytes out.
    public static func decompress(_ data: Data, limit: Int = 64 * 1024 * 1024) throws -> Data {
        var stream = z_stream()
        // 32 + 15: detect gzip or zlib headers automatically, largest window.
        guard
            inflateInit2_(&stream, 32 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else {
            throw Error(description: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var input = [UInt8](data)  // inflate needs a mutable pointer
        let total = input.count
        return try input.withUnsafeMutableBufferPointer { source -> Data in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(total)
            while true {
                let status = buffer.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: buffer[0..<(buffer.count - Int(stream.avail_out))])
                if output.count > limit { return output.prefix(limit) }
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow.
                    if stream.avail_in > 0, inflateReset(&stream) == Z_OK { continue }
                    return output
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    throw Error(description: "the gzip data ends before its end marker")
                default:
                    throw Error(description: "the data is not valid gzip (zlib status \(status))")
                }
            }
        }
    }
}
