namespace Community.Contracts.Common;

/// <summary>The answer to every command: accepted (the events are in the journal) or rejected (nothing changed).</summary>
public abstract record CommandReply : ICommunityMessage;

/// <param name="Seq">The entity's sequence number after the command's last event.</param>
[Manifest("command-accepted.v1")]
public sealed record CommandAccepted(long Seq) : CommandReply;

[Manifest("command-rejected.v1")]
public sealed record CommandRejected(RejectionReason Reason, string Detail) : CommandReply;

public enum RejectionReason
{
    /// <summary>The entity does not exist (yet).</summary>
    NotFound,
    /// <summary>A create command for an entity that already exists.</summary>
    AlreadyExists,
    /// <summary>The actor may not do this.</summary>
    Forbidden,
    /// <summary>The entity's state does not allow this now.</summary>
    InvalidState,
    /// <summary>The command's content is not valid.</summary>
    Invalid,
    /// <summary>A create whose id (derived from an Idempotency-Key) already names something created by a different
    /// request of the same caller: the key was reused for another request.</summary>
    IdempotencyKeyReused,
}
