import Foundation

/// A MediaWiki action API and a WordPress REST API on 127.0.0.1 (`Tests/Support/lying_server.py`)
/// that answer like the real ones until a write, then lie about it in the way `lie` names. Started
/// by the test, stopped by its process id when released.
public final class LyingWebServer: Sendable {
    let server: PythonServer
    public var port: Int { server.port }

    /// The wiki's API (`http://127.0.0.1:<port>/w/api.php`).
    public var api: String { "http://127.0.0.1:\(port)/w/api.php" }
    /// The blog's site (`http://127.0.0.1:<port>`).
    public var site: String { "http://127.0.0.1:\(port)" }

    /// Starts a server that tells `lie` (see the script's header for the lies it knows).
    public init(lie: String) throws {
        server = try PythonServer("Tests/Support/lying_server.py", ["--lie", lie])
    }
}
