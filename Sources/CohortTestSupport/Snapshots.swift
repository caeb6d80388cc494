import Foundation

/// Golden files for output formats: compared byte for byte, re-recorded only when the environment
/// says `RECORD_SNAPSHOTS=1`.
public enum Snapshots {
    /// Whether this run records golden files instead of comparing against them.
    public static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// The golden file `name` in the `Snapshots/` folder beside `testFile` (pass `#filePath`).
    public static func url(_ name: String, beside testFile: String) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
            .appendingPathComponent(name)
    }

    /// The recorded text of `name`, or nil (recording it first when recording). Compare it with
    /// `actual` in the test, so the failure shows the difference.
    public static func golden(_ actual: String, named name: String, beside testFile: String) throws -> String? {
        let url = url(name, beside: testFile)
        if recording {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
