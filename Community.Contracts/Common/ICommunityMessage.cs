namespace Community.Contracts.Common;

/// <summary>Protocol marker: every type carrying it is serialized by the community serializer
/// (never as .NET type names) and must have a stable manifest.</summary>
public interface ICommunityMessage;

/// <summary>An event persisted to the journal. Events are versioned by manifest; never change one's meaning.</summary>
public interface ICommunityEvent : ICommunityMessage
{
    DateTimeOffset At { get; }
}

/// <summary>A strongly typed, opaque identifier stored as a plain string.</summary>
public interface ITypedId
{
    string Value { get; }
}
