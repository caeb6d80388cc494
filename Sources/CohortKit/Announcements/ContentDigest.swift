internal import CCrypto
import Foundation

/// The SHA-256 of an output, as `sha256sum` prints it: what a channel record keeps of exactly
/// what went out.
public enum ContentDigest {
    /// The lowercase hex SHA-256 of `text`'s UTF-8 bytes.
    public static func sha256(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(text.utf8)
        let ok = bytes.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(ok == 1, "libcrypto could not compute a SHA-256")
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }
}
