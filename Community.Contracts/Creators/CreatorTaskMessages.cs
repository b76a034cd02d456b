using System.Collections.Immutable;
using Community.Contracts.Common;

namespace Community.Contracts.Creators;

/// <summary>What an operator's task counts (within its window).</summary>
public static class TaskMetrics
{
    public const string Works = "works";
    public const string Views = "views";
    public const string Likes = "likes";
    public const string Shares = "shares";
    public const string Followers = "followers";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Works, Views, Likes, Shares, Followers };
}

/// <summary>A task as one account stands with it: open until it completes (once) or its window ends (failed).</summary>
public static class TaskStatuses
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public static class TaskLimits
{
    public const int MaxTitle = 100;
    public const long MaxTarget = 1_000_000_000;
    public const long MaxPoints = 1_000_000;
    public const double MaxBoostWeight = 10;
    public const int MaxRegions = 50;

    /// <summary>How many of an account's latest published works a task's traffic boost lifts.</summary>
    public const int BoostedWorks = 5;
}

/// <summary>A traffic boost: the recommender weighs the boosted works by <paramref name="Weight"/> until <paramref name="Until"/>.</summary>
public sealed record TaskBoost(double Weight, DateTimeOffset Until);

public sealed record TaskReward(long Points, TaskBoost? Boost);

/// <summary>Which accounts a task is for: accounts of a region of one of <paramref name="Tiers"/> (empty: every tier),
/// within one of <paramref name="RegionCodes"/> or their subregions (empty: the whole province).</summary>
public sealed record TaskAudience(ImmutableArray<string> Tiers, ImmutableArray<string> RegionCodes);

/// <summary>An operator's task: reach <paramref name="Target"/> of <paramref name="Metric"/> between
/// <paramref name="From"/> and <paramref name="To"/> to earn <paramref name="Reward"/>.</summary>
public sealed record TaskTerms(
    string TaskId, string Title, string Metric, long Target, DateTimeOffset From, DateTimeOffset To, TaskReward Reward, TaskAudience Audience);

/// <summary>Routes a message to the task entity it names.</summary>
public interface IWithTaskId
{
    string TaskId { get; }
}

public interface ITaskCommand : IWithTaskId, ICommunityMessage;

[JournalTag("tasks")]
public interface ITaskEvent : ICommunityEvent
{
    string TaskId { get; }
}

/// <summary>An operator (moderator or admin) defines a task. The id comes from the caller's Idempotency-Key: a repeat with
/// the same terms is answered as the first, other terms under it are refused as the key reused.</summary>
[Manifest("define-task.v1")]
public sealed record DefineTask(TaskTerms Terms, UserId By, DateTimeOffset At) : ITaskCommand
{
    public string TaskId => Terms.TaskId;
}

/// <summary>Query: answered with <see cref="TaskView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
[Manifest("get-task.v1")]
public sealed record GetTask(string TaskId) : ITaskCommand;

[Manifest("task-defined.v1")]
public sealed record TaskDefined(string TaskId, TaskTerms Terms, UserId By, DateTimeOffset At) : ITaskEvent;

[Manifest("task-view.v1")]
public sealed record TaskView(TaskTerms Terms, UserId DefinedBy, DateTimeOffset DefinedAt, long Seq) : ICommunityMessage;

/// <summary>An account's running totals, as the stats read model counts them.</summary>
public sealed record CreatorTotals(long Followers, long Works, long Views, long Likes, long Shares, long Comments)
{
    public static readonly CreatorTotals Zero = new(0, 0, 0, 0, 0, 0);
}

/// <summary>A task of the account's audience with what the account has counted of its metric inside its window.</summary>
public sealed record TaskStanding(TaskTerms Terms, long Progress);

/// <summary>Sent by the stats publisher (at most about once a second per account, only when the numbers moved): the
/// account records its totals and its tasks' progress, and completes a task that reached its target (exactly once).</summary>
[Manifest("publish-stats.v1")]
public sealed record PublishStats(CreatorId CreatorId, CreatorTotals Totals, ImmutableArray<TaskStanding> Tasks, DateTimeOffset At)
    : ICreatorCommand;

/// <summary>Sent by the stats publisher once a task's window has ended: the account completes it if the final progress
/// reached the target (late counts of the window still count), else it fails. A task already ended changes nothing.</summary>
[Manifest("expire-task.v1")]
public sealed record ExpireTask(CreatorId CreatorId, TaskStanding Task, DateTimeOffset At) : ICreatorCommand;

[Manifest("stats-published.v1")]
public sealed record StatsPublished(CreatorId CreatorId, CreatorTotals Totals, DateTimeOffset At) : ICreatorEvent;

[Manifest("task-progressed.v1")]
public sealed record TaskProgressed(CreatorId CreatorId, string TaskId, long Progress, long Target, DateTimeOffset At) : ICreatorEvent;

[Manifest("task-completed.v1")]
public sealed record TaskCompleted(
    CreatorId CreatorId, string TaskId, string Title, string Metric, long Progress, long Target, TaskReward Reward, DateTimeOffset At)
    : ICreatorEvent;

/// <summary>A completed task's reward, persisted with <see cref="TaskCompleted"/> in one write: <paramref name="Points"/> to
/// the account and to each of <paramref name="StaffIds"/> (carried on by the relay, once per <paramref name="GrantId"/>),
/// and the boost on <paramref name="BoostedWorkIds"/>, the account's latest published works.</summary>
[Manifest("incentive-granted.v1")]
public sealed record IncentiveGranted(
    CreatorId CreatorId, string TaskId, string GrantId, long Points, ImmutableArray<string> StaffIds, TaskBoost? Boost,
    ImmutableArray<string> BoostedWorkIds, DateTimeOffset At) : ICreatorEvent;

[Manifest("task-failed.v1")]
public sealed record TaskFailed(CreatorId CreatorId, string TaskId, string Title, long Progress, long Target, DateTimeOffset At) : ICreatorEvent;
