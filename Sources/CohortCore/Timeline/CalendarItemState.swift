import Foundation

/// What the program calendar last emitted for one item: its content fingerprint and SEQUENCE.
public struct CalendarItemState: Sendable, Equatable {
    public var fingerprint: String
    public var sequence: Int

    public init(fingerprint: String, sequence: Int) {
        self.fingerprint = fingerprint
        self.sequence = sequence
    }
}
