namespace Community.Recommender.Behavior;

/// <summary>One behavior event to append: times are unix milliseconds UTC; <paramref name="AtMs"/> is when it happened
/// (the client's <c>at</c>, else the receive time), <paramref name="ReceivedMs"/> when the server took it.</summary>
/// <param name="UserId">The signed-in reader, or null for an anonymous one.</param>
/// <param name="Ms">Dwell time in milliseconds (dwell events only).</param>
public sealed record BehaviorRecord(long AtMs, long ReceivedMs, string? UserId, string Kind, string ItemKind, string ItemId, int? Ms);

/// <summary>A committed row of <c>behavior_events</c>; <paramref name="Id"/> increases in commit order.</summary>
public sealed record StoredBehavior(long Id, long AtMs, long ReceivedMs, string? UserId, string Kind, string ItemKind, string ItemId, int? Ms);

/// <summary>How the behavior log groups its writes.</summary>
public sealed class BehaviorLogOptions
{
    /// <summary>Most events in one transaction; one call may not append more.</summary>
    public int MaxBatchEvents { get; set; } = 2000;

    /// <summary>How long requests are gathered into one batch when fewer than <see cref="MaxBatchEvents"/> arrive.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Calls waiting for a batch; one more is refused at once (<see cref="BehaviorLogBusyException"/>).</summary>
    public int QueueBound { get; set; } = 1024;
}

/// <summary>The log's queue is full: nothing of the call was taken; try again shortly.</summary>
public sealed class BehaviorLogBusyException() : Exception("The behavior log is busy: too many appends are waiting.");

/// <summary>The batch holding the call could not be committed, or the log stopped before it was: nothing of it is durable.</summary>
public sealed class BehaviorLogWriteException(string message, Exception? inner = null) : Exception(message, inner);
