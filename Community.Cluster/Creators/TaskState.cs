using Community.Cluster.Entities;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.Creators;

namespace Community.Cluster.Creators;

/// <summary>One operator task's definition. Progress and completion belong to each account of its audience
/// (<see cref="CreatorState"/>); the task only holds its terms, which never change once defined.</summary>
[Manifest("task-state.v1")]
public sealed record TaskState(string TaskId, TaskTerms? Terms, UserId DefinedBy, DateTimeOffset DefinedAt, long Seq) : IEntityState<TaskState>
{
    public static TaskState Empty(string entityId) => new(entityId, null, new UserId(""), default, 0);

    public Decision Decide(ICommunityMessage message) => message switch
    {
        DefineTask define when Terms is not null => SameTerms(Terms, define.Terms) && define.By == DefinedBy
            ? Decision.Unchanged(Seq)
            : Decision.Reject(RejectionReason.IdempotencyKeyReused, $"Task {TaskId} was defined with other terms."),
        DefineTask define when define.Terms.TaskId != TaskId => Decision.Reject(RejectionReason.Invalid, "The terms name another task."),
        DefineTask define => InvalidTerms(define.Terms) is { } invalid
            ? Decision.Reject(RejectionReason.Invalid, invalid)
            : Decision.Persist(new TaskDefined(TaskId, define.Terms, define.By, define.At)),
        GetTask when Terms is null => Decision.Reject(RejectionReason.NotFound, $"No task {TaskId}."),
        GetTask => Decision.Reply(new TaskView(Terms, DefinedBy, DefinedAt, Seq)),
        _ => Decision.Reject(RejectionReason.Invalid, $"A task does not handle {message.GetType().Name}."),
    };

    public TaskState Apply(ICommunityEvent evt) => (evt switch
    {
        TaskDefined e => this with { Terms = e.Terms, DefinedBy = e.By, DefinedAt = e.At },
        _ => this,
    }) with { Seq = Seq + 1 };

    // Records with arrays compare the arrays by reference: compare what they hold.
    private static bool SameTerms(TaskTerms a, TaskTerms b) =>
        a with { Audience = b.Audience } == b
        && a.Audience.Tiers.SequenceEqual(b.Audience.Tiers) && a.Audience.RegionCodes.SequenceEqual(b.Audience.RegionCodes);

    /// <summary>Why <paramref name="terms"/> are not a valid task, or null (checked by the web host too, naming the field).</summary>
    public static string? InvalidTerms(TaskTerms terms)
    {
        if (string.IsNullOrWhiteSpace(terms.Title)) return "The title is empty.";
        if (terms.Title.Length > TaskLimits.MaxTitle) return $"The title is longer than {TaskLimits.MaxTitle} characters.";
        if (!TaskMetrics.All.Contains(terms.Metric)) return $"Unknown metric '{terms.Metric}'.";
        if (terms.Target is < 1 or > TaskLimits.MaxTarget) return $"The target is between 1 and {TaskLimits.MaxTarget}.";
        if (terms.To <= terms.From) return "The window ends after it starts.";
        if (terms.Reward.Points is < 0 or > TaskLimits.MaxPoints) return $"The points are between 0 and {TaskLimits.MaxPoints}.";
        if (terms.Reward.Boost is { } boost)
        {
            if (!(boost.Weight > 1 && boost.Weight <= TaskLimits.MaxBoostWeight)) return $"A boost's weight is above 1 and at most {TaskLimits.MaxBoostWeight}.";
            if (boost.Until <= terms.From) return "A boost lasts until after the window starts.";
        }
        if (terms.Reward.Points == 0 && terms.Reward.Boost is null) return "A task rewards points, a boost or both.";
        var tiers = terms.Audience.Tiers.IsDefault ? [] : terms.Audience.Tiers;
        if (tiers.FirstOrDefault(t => !Tiers.All.Contains(t)) is { } tier) return $"Unknown tier '{tier}'.";
        var regions = terms.Audience.RegionCodes.IsDefault ? [] : terms.Audience.RegionCodes;
        if (regions.Length > TaskLimits.MaxRegions) return $"At most {TaskLimits.MaxRegions} regions.";
        if (regions.FirstOrDefault(r => RegionCatalog.Find(r) is null) is { } region) return $"Unknown region '{region}'.";
        return null;
    }

    /// <summary>Whether an account in <paramref name="regionCode"/> is in <paramref name="audience"/>.</summary>
    public static bool InAudience(TaskAudience audience, string regionCode)
    {
        if (RegionCatalog.Find(regionCode) is not { } region) return false;
        if (!audience.Tiers.IsDefaultOrEmpty && !audience.Tiers.Contains(region.Tier)) return false;
        return audience.RegionCodes.IsDefaultOrEmpty || audience.RegionCodes.Any(code => RegionCatalog.WithAncestors(regionCode).Any(r => r.Code == code));
    }
}
