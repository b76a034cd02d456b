using System.Text.Json;
using Community.Contracts.Common;
using Community.Contracts.Creators;

namespace Community.Cluster.Creators;

/// <summary>
/// The <c>creatorEvent</c>s of an account's dashboard, made from the account's events alone (no state), so the backlog
/// of a rejoining client can be read from any seq of the journal and says exactly what the live feed said. Titles and
/// ids only: texts are read from the read model, and no staff ids beyond the member a staff change is about.
/// </summary>
public static class CreatorLive
{
    public const string VerificationDecided = "verificationDecided";
    public const string StaffChanged = "staffChanged";
    public const string WorkCreated = "workCreated";
    public const string WorkPublished = "workPublished";
    public const string WorkEdited = "workEdited";
    public const string WorkCorrected = "workCorrected";
    public const string WorkWithdrawn = "workWithdrawn";
    public const string WorkReprinted = "workReprinted";
    public const string ReprintUpdated = "reprintUpdated";
    public const string StatsChanged = "statsChanged";
    public const string TaskProgress = "taskProgress";
    public const string TaskCompleted = "taskCompleted";
    public const string IncentiveGranted = "incentiveGranted";
    public const string TaskFailed = "taskFailed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LiveEvent? Of(ICommunityEvent evt, long seq) => evt switch
    {
        CreatorVerificationDecided e => Live(e.CreatorId, seq, VerificationDecided, new
        {
            approved = e.Approved, status = e.Approved ? CreatorStatuses.Verified : CreatorStatuses.Rejected, reason = e.Reason, at = e.At,
        }),
        StaffAdded e => Live(e.CreatorId, seq, StaffChanged, new { memberId = e.Member.Value, added = true }),
        StaffRemoved e => Live(e.CreatorId, seq, StaffChanged, new { memberId = e.Member.Value, added = false }),
        Contracts.Creators.WorkCreated e => Live(e.CreatorId, seq, WorkCreated, new
        {
            workId = e.WorkId, kind = e.Kind, title = e.Content.Title, targetTiers = e.TargetTiers, version = 1, createdAt = e.At,
        }),
        Contracts.Creators.WorkPublished e => Live(e.CreatorId, seq, WorkPublished, new
        {
            workId = e.WorkId, targetTiers = e.TargetTiers, publishedAt = e.At,
        }),
        WorkRevised { Correction: true } e => Live(e.CreatorId, seq, WorkCorrected, new
        {
            workId = e.WorkId, version = e.Version, title = e.Content.Title, note = e.Note, correctedAt = e.At,
        }),
        WorkRevised e => Live(e.CreatorId, seq, WorkEdited, new { workId = e.WorkId, version = e.Version, title = e.Content.Title, editedAt = e.At }),
        Contracts.Creators.WorkWithdrawn e => Live(e.CreatorId, seq, WorkWithdrawn, new { workId = e.WorkId, reason = e.Reason, withdrawnAt = e.At }),
        Contracts.Creators.WorkReprinted e => Live(e.CreatorId, seq, WorkReprinted, new
        {
            workId = e.WorkId, reprintId = e.ReprintId, reprinterId = e.ReprinterId.Value, reprinterName = e.ReprinterName,
        }),
        ReprintFollowed e => Live(e.CreatorId, seq, ReprintUpdated, new
        {
            reprintId = e.ReprintId, originalWorkId = e.OriginalWorkId, version = e.Version, withdrawn = e.Withdrawn, note = e.Note,
        }),
        StatsPublished e => Live(e.CreatorId, seq, StatsChanged, new
        {
            followers = e.Totals.Followers, works = e.Totals.Works, views = e.Totals.Views, likes = e.Totals.Likes,
            shares = e.Totals.Shares, comments = e.Totals.Comments,
        }),
        TaskProgressed e => Live(e.CreatorId, seq, TaskProgress, new { taskId = e.TaskId, progress = e.Progress, target = e.Target }),
        Contracts.Creators.TaskCompleted e => Live(e.CreatorId, seq, TaskCompleted, new
        {
            taskId = e.TaskId, title = e.Title, metric = e.Metric, progress = e.Progress, target = e.Target,
            reward = new { points = e.Reward.Points, boost = e.Reward.Boost is { } b ? new { weight = b.Weight, until = b.Until } : null },
        }),
        Contracts.Creators.IncentiveGranted e => Live(e.CreatorId, seq, IncentiveGranted, new
        {
            taskId = e.TaskId, points = e.Points, boost = e.Boost is { } b ? new { weight = b.Weight, until = b.Until } : null,
            workIds = e.BoostedWorkIds,
        }),
        Contracts.Creators.TaskFailed e => Live(e.CreatorId, seq, TaskFailed, new { taskId = e.TaskId, title = e.Title, progress = e.Progress, target = e.Target }),
        _ => null,
    };

    private static LiveEvent Live(CreatorId creatorId, long seq, string kind, object data) =>
        new(LiveChannel.Creator, creatorId.Value, seq, kind, JsonSerializer.Serialize(data, Json));
}
