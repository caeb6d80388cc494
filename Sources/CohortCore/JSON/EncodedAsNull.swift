/// An optional that a JSON document writes as `null` when absent, where synthesized `Encodable`
/// would leave the key out: for contract fields that are always there, such as a kappa that is
/// undefined.
@propertyWrapper
public struct EncodedAsNull<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    /// By hand: the whole point, `null` for an absent value where synthesis would write no key at all.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension EncodedAsNull: Equatable where Value: Equatable {}
