using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Community.Cluster.Entities;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.Creators;

namespace Community.Cluster.Creators;

/// <summary>What an account remembers of one of its works: enough to check publishing, corrections, withdrawal and
/// reprints; the text lives in the journal and the read model only.</summary>
/// <param name="CreatedBy">The staff member who created it: a repeat of the create by someone else is not a replay.</param>
/// <param name="RequestFingerprint">What the create asked for (kind, content, target tiers): a repeat under the same
/// work id with another one is the Idempotency-Key reused.</param>
/// <param name="ContentFingerprint">The current version's content: a revision that changes nothing is a no-op.</param>
/// <param name="CreatedSeq">The account's seq of the work's creation, the answer to a replayed create.</param>
/// <param name="Reprinters">Reprinter creator id to its reprint of this work.</param>
public sealed record WorkState(
    string Kind,
    string Status,
    int Version,
    ImmutableArray<string> TargetTiers,
    UserId CreatedBy,
    long RequestFingerprint,
    long ContentFingerprint,
    long CreatedSeq,
    ImmutableDictionary<string, RecordedReprint> Reprinters);

/// <summary>A reprint of one of the account's works: the reprinter's id for it, and the account's seq of its record
/// (the answer to a retried reprint).</summary>
public sealed record RecordedReprint(string ReprintId, long Seq);

/// <summary>Where the account stands with one task: its last progress and open / completed / failed.</summary>
public sealed record CreatorTaskState(long Progress, string Status);

/// <summary>A traffic boost on one of the account's works.</summary>
public sealed record WorkBoost(string WorkId, double Weight, DateTimeOffset Until);

/// <summary>A reprint held by this account: it mirrors <paramref name="Version"/> of another account's work.</summary>
public sealed record ReprintState(CreatorId OriginalCreatorId, string OriginalWorkId, int Version, bool Withdrawn);

/// <summary>
/// One creator account ("Chaominghao"): its verification, its staff, its works (status, version, target tiers, who
/// reprinted them) and the reprints it holds of other accounts' works.
/// </summary>
/// <param name="Totals">The account's numbers as last published by the stats read model.</param>
/// <param name="Tasks">Task id to where the account stands with it; a task absent is open with no progress yet.</param>
/// <param name="Points">Points earned by completed tasks.</param>
/// <param name="Boosts">Traffic boosts granted by completed tasks (expired ones are dropped at the next grant).</param>
[Manifest("creator-state.v3")]
public sealed record CreatorState(
    CreatorId CreatorId,
    bool Exists,
    UserId OwnerId,
    string Name,
    string OrgType,
    string RegionCode,
    string Status,
    long Seq,
    DateTimeOffset RegisteredAt,
    string? VerificationReason,
    ImmutableSortedSet<string> Staff,
    ImmutableDictionary<string, WorkState> Works,
    ImmutableDictionary<string, ReprintState> Reprints,
    CreatorTotals Totals,
    ImmutableDictionary<string, CreatorTaskState> Tasks,
    long Points,
    ImmutableArray<WorkBoost> Boosts) : IEntityState<CreatorState>
{
    public static CreatorState Empty(string entityId) =>
        new(new CreatorId(entityId), false, new UserId(""), "", "", "", CreatorStatuses.Pending, 0, default, null,
            ImmutableSortedSet.Create<string>(StringComparer.Ordinal), ImmutableDictionary<string, WorkState>.Empty,
            ImmutableDictionary<string, ReprintState>.Empty, CreatorTotals.Zero, ImmutableDictionary<string, CreatorTaskState>.Empty, 0, []);

    public bool IsVerified => Status == CreatorStatuses.Verified;

    public bool IsStaff(UserId userId) => Staff.Contains(userId.Value);

    public Decision Decide(ICommunityMessage message) => message switch
    {
        RegisterCreator when Exists =>
            Decision.Reject(RejectionReason.AlreadyExists, $"Creator {CreatorId} already exists."),
        RegisterCreator register when !OrgTypes.All.Contains(register.OrgType) =>
            Decision.Reject(RejectionReason.Invalid, $"Unknown organisation type '{register.OrgType}'."),
        RegisterCreator register when RegionCatalog.Find(register.RegionCode) is null =>
            Decision.Reject(RejectionReason.Invalid, $"Unknown region '{register.RegionCode}'."),
        RegisterCreator register => Decision.Persist(new CreatorRegistered(CreatorId, register.OwnerId, register.Name,
            register.OrgType, register.RegionCode, register.At)),
        _ when !Exists => Decision.Reject(RejectionReason.NotFound, $"Creator {CreatorId} does not exist."),
        GetCreator => Decision.Reply(ToView()),
        DecideVerification decide => DecideVerification(decide),
        AddStaff add => add.By != OwnerId ? Forbidden("Only the account's owner adds staff.")
            : IsStaff(add.Member) ? Decision.Unchanged(Seq)
            : Decision.Persist(new StaffAdded(CreatorId, add.Member, add.By, add.At)),
        RemoveStaff remove => remove.By != OwnerId ? Forbidden("Only the account's owner removes staff.")
            : remove.Member == OwnerId ? Invalid("The owner stays on the staff.")
            : !IsStaff(remove.Member) ? Decision.Unchanged(Seq)
            : Decision.Persist(new StaffRemoved(CreatorId, remove.Member, remove.By, remove.At)),
        CreateWork create => DecideCreate(create),
        PublishWork publish => DecidePublish(publish),
        ReviseWork revise => DecideRevise(revise),
        WithdrawWork withdraw => DecideWithdraw(withdraw),
        ReprintWork reprint => DecideReprint(reprint),
        RecordReprint record => DecideRecordReprint(record),
        FollowOriginal follow => DecideFollow(follow),
        PublishStats publish => DecidePublishStats(publish),
        ExpireTask expire => DecideExpire(expire),
        _ => Invalid($"A creator does not handle {message.GetType().Name}."),
    };

    public CreatorView ToView() =>
        new(CreatorId, OwnerId, Name, OrgType, RegionCode, Status, Seq, RegisteredAt, Staff, VerificationReason,
            Works.Values.Count(w => w.Status != WorkStatuses.Withdrawn));

    private static Decision Forbidden(string detail) => Decision.Reject(RejectionReason.Forbidden, detail);

    private static Decision Invalid(string detail) => Decision.Reject(RejectionReason.Invalid, detail);

    private static Decision InvalidState(string detail) => Decision.Reject(RejectionReason.InvalidState, detail);

    private static Decision NotStaff() => Forbidden("Only the account's staff act for it.");

    private static Decision UnknownWork(string workId) => Decision.Reject(RejectionReason.NotFound, $"No work {workId}.");

    private static readonly Decision ReprintFollows = InvalidState("A reprint follows its original.");

    private Decision DecideVerification(DecideVerification decide)
    {
        if (string.IsNullOrWhiteSpace(decide.Reason)) return Invalid("A verification decision needs a reason.");
        if (decide.Reason.Length > WorkLimits.MaxNote) return Invalid($"The reason is longer than {WorkLimits.MaxNote} characters.");
        var status = decide.Approved ? CreatorStatuses.Verified : CreatorStatuses.Rejected;
        return status == Status
            ? Decision.Unchanged(Seq)
            : Decision.Persist(new CreatorVerificationDecided(CreatorId, decide.Approved, decide.Reason, decide.By, decide.At));
    }

    private Decision DecideCreate(CreateWork create)
    {
        if (!IsStaff(create.By)) return NotStaff();
        if (WorkIds.CreatorOf(create.WorkId) != CreatorId) return Invalid($"{create.WorkId} is not a work id of account {CreatorId}.");
        if (Works.TryGetValue(create.WorkId, out var existing))
            return existing.CreatedBy == create.By && existing.RequestFingerprint == FingerprintOf(create.Kind, create.Content, create.TargetTiers)
                ? Decision.Unchanged(existing.CreatedSeq)
                : Decision.Reject(RejectionReason.IdempotencyKeyReused, $"Work {create.WorkId} was created with another content.");
        if (Reprints.ContainsKey(create.WorkId))
            return Decision.Reject(RejectionReason.IdempotencyKeyReused, $"{create.WorkId} names a reprint.");
        if (!WorkKinds.All.Contains(create.Kind)) return Invalid($"Unknown kind of work '{create.Kind}'.");
        if (InvalidContent(create.Kind, create.Content) is { } invalidContent) return Invalid(invalidContent);
        if (InvalidTiers(create.TargetTiers) is { } invalidTiers) return Invalid(invalidTiers);
        if (create.Publish && !IsVerified) return Forbidden("Only verified creators publish.");

        var created = new WorkCreated(CreatorId, create.WorkId, create.By, create.Kind, create.Content, create.TargetTiers, RegionCode, create.At);
        return create.Publish
            // One atomic write: a work published at once is never seen as a draft that failed to publish.
            ? Decision.Persist(created, new WorkPublished(CreatorId, create.WorkId, create.By, create.TargetTiers, RegionCode, create.At))
            : Decision.Persist(created);
    }

    private Decision DecidePublish(PublishWork publish)
    {
        if (!IsStaff(publish.By)) return NotStaff();
        if (!Works.TryGetValue(publish.WorkId, out var work)) return Reprints.ContainsKey(publish.WorkId) ? ReprintFollows : UnknownWork(publish.WorkId);
        return work.Status switch
        {
            WorkStatuses.Withdrawn => InvalidState("A withdrawn work is not published again."),
            WorkStatuses.Published => Decision.Unchanged(Seq),
            _ when !IsVerified => Forbidden("Only verified creators publish."),
            _ => Decision.Persist(new WorkPublished(CreatorId, publish.WorkId, publish.By, work.TargetTiers, RegionCode, publish.At)),
        };
    }

    private Decision DecideRevise(ReviseWork revise)
    {
        if (!IsStaff(revise.By)) return NotStaff();
        if (!Works.TryGetValue(revise.WorkId, out var work)) return Reprints.ContainsKey(revise.WorkId) ? ReprintFollows : UnknownWork(revise.WorkId);
        if (work.Status == WorkStatuses.Withdrawn) return InvalidState("A withdrawn work is not revised.");
        if (InvalidContent(work.Kind, revise.Content) is { } invalidContent) return Invalid(invalidContent);
        if (ContentFingerprintOf(revise.Content) == work.ContentFingerprint) return Decision.Unchanged(Seq);
        if (work.Status == WorkStatuses.Draft)
            return Decision.Persist(new WorkRevised(CreatorId, revise.WorkId, revise.By, work.Version, revise.Content, revise.Note, false, revise.At));
        if (string.IsNullOrWhiteSpace(revise.Note)) return Invalid("A correction needs a note.");
        if (revise.Note.Length > WorkLimits.MaxNote) return Invalid($"The note is longer than {WorkLimits.MaxNote} characters.");
        return Decision.Persist(new WorkRevised(CreatorId, revise.WorkId, revise.By, work.Version + 1, revise.Content, revise.Note, true, revise.At));
    }

    private Decision DecideWithdraw(WithdrawWork withdraw)
    {
        if (!IsStaff(withdraw.By)) return NotStaff();
        if (string.IsNullOrWhiteSpace(withdraw.Reason)) return Invalid("A withdrawal needs a reason.");
        if (withdraw.Reason.Length > WorkLimits.MaxNote) return Invalid($"The reason is longer than {WorkLimits.MaxNote} characters.");
        if (!Works.TryGetValue(withdraw.WorkId, out var work)) return Reprints.ContainsKey(withdraw.WorkId) ? ReprintFollows : UnknownWork(withdraw.WorkId);
        return work.Status == WorkStatuses.Withdrawn
            ? Decision.Unchanged(Seq)
            : Decision.Persist(new WorkWithdrawn(CreatorId, withdraw.WorkId, withdraw.By, withdraw.Reason, withdraw.At));
    }

    private Decision DecideReprint(ReprintWork reprint)
    {
        if (!IsStaff(reprint.By)) return NotStaff();
        if (!IsVerified) return Forbidden("Only verified creators reprint.");
        if (reprint.OriginalCreatorId == CreatorId) return Invalid("No reprint of one's own work.");
        if (WorkIds.CreatorOf(reprint.ReprintId) != CreatorId) return Invalid($"{reprint.ReprintId} is not a work id of account {CreatorId}.");
        if (Works.ContainsKey(reprint.ReprintId))
            return Decision.Reject(RejectionReason.IdempotencyKeyReused, $"{reprint.ReprintId} names a work of this account.");
        if (Reprints.TryGetValue(reprint.ReprintId, out var held)
            && (held.OriginalCreatorId != reprint.OriginalCreatorId || held.OriginalWorkId != reprint.OriginalWorkId))
            return Decision.Reject(RejectionReason.IdempotencyKeyReused, $"Reprint {reprint.ReprintId} is of another work.");
        // The original's account decides (published? reprinted already?) and answers the caller.
        return Decision.ForwardTo(new RecordReprint(reprint.OriginalCreatorId, reprint.OriginalWorkId, reprint.ReprintId, CreatorId, Name,
            RegionCode, reprint.By, reprint.At));
    }

    private Decision DecideRecordReprint(RecordReprint record)
    {
        if (record.ReprinterId == CreatorId) return Invalid("No reprint of one's own work.");
        if (!Works.TryGetValue(record.WorkId, out var work)) return UnknownWork(record.WorkId);
        // A retried reprint is answered as the first, even if the original has changed since.
        if (work.Reprinters.TryGetValue(record.ReprinterId.Value, out var recorded))
            return recorded.ReprintId == record.ReprintId
                ? Decision.Unchanged(recorded.Seq)
                : Decision.Reject(RejectionReason.AlreadyExists, "Already reprinted.");
        if (work.Status != WorkStatuses.Published) return InvalidState("Only a published work is reprinted.");
        return Decision.Persist(new WorkReprinted(CreatorId, record.WorkId, record.ReprintId, record.ReprinterId, record.ReprinterName,
            record.ReprinterRegionCode, record.By, record.At));
    }

    private Decision DecideFollow(FollowOriginal follow)
    {
        if (Reprints.TryGetValue(follow.ReprintId, out var held))
        {
            if (held.OriginalCreatorId != follow.OriginalCreatorId || held.OriginalWorkId != follow.OriginalWorkId)
                return InvalidState($"Reprint {follow.ReprintId} is of another work.");
            // Delivered at least once and in the original's order: an older version, or anything after the original
            // was withdrawn (which is final), changes nothing.
            if (held.Withdrawn || (follow.Version <= held.Version && follow.Withdrawn == held.Withdrawn)) return Decision.Unchanged(Seq);
        }
        else if (Works.ContainsKey(follow.ReprintId))
        {
            return InvalidState($"{follow.ReprintId} names a work of this account.");
        }
        return Decision.Persist(new ReprintFollowed(CreatorId, follow.ReprintId, follow.OriginalCreatorId, follow.OriginalWorkId,
            follow.Version, follow.Withdrawn, follow.Note, follow.At));
    }

    // The publisher sends what the stats read model counts; the account persists only what moved, and completes a task
    // in the same write as its reward, so neither a race of two publications nor a restart between them grants twice.
    private Decision DecidePublishStats(PublishStats publish)
    {
        var events = new List<ICommunityEvent>();
        if (publish.Totals != Totals) events.Add(new StatsPublished(CreatorId, publish.Totals, publish.At));
        foreach (var standing in publish.Tasks.IsDefault ? [] : publish.Tasks)
        {
            var terms = standing.Terms;
            var known = Tasks.GetValueOrDefault(terms.TaskId);
            if (known is { Status: not TaskStatuses.Open }) continue;
            if (standing.Progress >= terms.Target && publish.At >= terms.From && publish.At < terms.To)
                events.AddRange(Complete(standing, publish.At));
            // A task new to the account is recorded even at no progress: the account's stream tells its dashboards.
            else if ((known is null || standing.Progress != known.Progress) && standing.Progress < terms.Target)
                events.Add(new TaskProgressed(CreatorId, terms.TaskId, standing.Progress, terms.Target, publish.At));
        }
        return events.Count == 0 ? Decision.Unchanged(Seq) : Decision.Persist([.. events]);
    }

    private Decision DecideExpire(ExpireTask expire)
    {
        var terms = expire.Task.Terms;
        if (Tasks.GetValueOrDefault(terms.TaskId) is { Status: not TaskStatuses.Open }) return Decision.Unchanged(Seq);
        if (expire.At < terms.To) return InvalidState($"Task {terms.TaskId} runs until {terms.To:O}.");
        return expire.Task.Progress >= terms.Target
            ? Decision.Persist([.. Complete(expire.Task, expire.At)])
            : Decision.Persist(new TaskFailed(CreatorId, terms.TaskId, terms.Title, expire.Task.Progress, terms.Target, expire.At));
    }

    private IEnumerable<ICommunityEvent> Complete(TaskStanding standing, DateTimeOffset at)
    {
        var terms = standing.Terms;
        yield return new TaskCompleted(CreatorId, terms.TaskId, terms.Title, terms.Metric, standing.Progress, terms.Target, terms.Reward, at);
        ImmutableArray<string> boosted = terms.Reward.Boost is null ? [] :
        [
            .. Works.Where(w => w.Value.Status == WorkStatuses.Published)
                .OrderByDescending(w => w.Value.CreatedSeq).Take(TaskLimits.BoostedWorks).Select(w => w.Key),
        ];
        yield return new IncentiveGranted(CreatorId, terms.TaskId, $"{CreatorId}/{terms.TaskId}", terms.Reward.Points, [.. Staff],
            terms.Reward.Boost, boosted, at);
    }

    /// <summary>Why <paramref name="content"/> is not a valid work of <paramref name="kind"/>, or null.</summary>
    public static string? InvalidContent(string kind, WorkContent content)
    {
        if (string.IsNullOrWhiteSpace(content.Title)) return "The title is empty.";
        if (content.Title.Length > WorkLimits.MaxTitle) return $"The title is longer than {WorkLimits.MaxTitle} characters.";
        if (content.Body is null) return "The body is missing.";
        if (content.Body.Length > WorkLimits.MaxBody) return $"The body is longer than {WorkLimits.MaxBody} characters.";
        var images = content.Images.IsDefault ? [] : content.Images;
        switch (kind)
        {
            case WorkKinds.Article:
                if (string.IsNullOrWhiteSpace(content.Body)) return "An article's text is empty.";
                if (content.VideoUrl is not null || content.PosterUrl is not null || images.Length > 0)
                    return "An article has no video, poster or images.";
                return null;
            case WorkKinds.Video:
                if (images.Length > 0) return "A video has no images.";
                return InvalidUrl(content.VideoUrl, "video URL") ?? InvalidUrl(content.PosterUrl, "poster URL");
            case WorkKinds.Gallery:
                if (content.VideoUrl is not null || content.PosterUrl is not null) return "A gallery has no video or poster.";
                if (images.Length is 0 or > WorkLimits.MaxImages) return $"A gallery has 1 to {WorkLimits.MaxImages} images.";
                foreach (var image in images)
                {
                    if (InvalidUrl(image?.Url, "image URL") is { } invalid) return invalid;
                    if (image!.Caption is null || image.Caption.Length > WorkLimits.MaxCaption)
                        return $"An image caption is longer than {WorkLimits.MaxCaption} characters.";
                }
                return null;
            default:
                return $"Unknown kind of work '{kind}'.";
        }
    }

    private static string? InvalidUrl(string? url, string what) =>
        string.IsNullOrEmpty(url) ? $"The {what} is missing."
        : url.Length > WorkLimits.MaxUrl ? $"The {what} is longer than {WorkLimits.MaxUrl} characters."
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? null
        : $"The {what} is not an absolute http(s) URL.";

    /// <summary>Why the account may not aim at <paramref name="tiers"/>, or null. An individual reaches its own tier and
    /// those below it; the channels above are editorial, reached through a media account's reprint.</summary>
    private string? InvalidTiers(ImmutableArray<string> tiers)
    {
        if (tiers.IsDefaultOrEmpty || tiers.Length > Tiers.All.Count) return $"A work aims at 1 to {Tiers.All.Count} tiers.";
        if (tiers.Distinct(StringComparer.Ordinal).Count() != tiers.Length) return "A target tier is named twice.";
        if (tiers.FirstOrDefault(t => !Tiers.All.Contains(t)) is { } unknown) return $"Unknown tier '{unknown}'.";
        return tiers.FirstOrDefault(t => !MayAim(OrgType, RegionCode, t)) is { } above
            ? $"An individual account reaches the {above} tier only through a media account's reprint."
            : null;
    }

    /// <summary>Whether an account of <paramref name="orgType"/> in <paramref name="regionCode"/> may aim a work at
    /// <paramref name="tier"/>: media and institutions at any tier, an individual at its own tier and those below.</summary>
    public static bool MayAim(string orgType, string regionCode, string tier) =>
        orgType != OrgTypes.Individual || RegionCatalog.Find(regionCode) is not { } region || IndexOf(tier) >= IndexOf(region.Tier);

    private static int IndexOf(string tier)
    {
        for (var i = 0; i < Tiers.All.Count; i++)
            if (Tiers.All[i] == tier) return i;
        return -1;
    }

    /// <summary>What a create asked for, as 64 bits of a SHA-256: compared only between one caller's requests under one id.</summary>
    public static long FingerprintOf(string kind, WorkContent content, ImmutableArray<string> targetTiers)
    {
        List<string?> fields = ["work", kind, ContentFingerprintOf(content).ToString(CultureInfo.InvariantCulture)];
        if (!targetTiers.IsDefault) fields.AddRange(targetTiers);
        return Hash(fields);
    }

    public static long ContentFingerprintOf(WorkContent content)
    {
        List<string?> fields = ["content", content.Title, content.Body, content.VideoUrl, content.PosterUrl];
        if (!content.Images.IsDefault)
            foreach (var image in content.Images) fields.AddRange([image?.Url, image?.Caption]);
        return Hash(fields);
    }

    // Each field length-prefixed (null apart from empty), so no two lists of fields read the same.
    private static long Hash(IReadOnlyList<string?> fields)
    {
        var canonical = new StringBuilder();
        foreach (var field in fields)
            canonical.Append(field is null ? "-" : field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        return BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    public CreatorState Apply(ICommunityEvent evt)
    {
        var seq = Seq + 1;
        return (evt switch
        {
            CreatorRegistered e => this with
            {
                Exists = true, OwnerId = e.OwnerId, Name = e.Name, OrgType = e.OrgType, RegionCode = e.RegionCode,
                Status = CreatorStatuses.Pending, RegisteredAt = e.At, Staff = Staff.Add(e.OwnerId.Value),
            },
            CreatorVerificationDecided e => this with
            {
                Status = e.Approved ? CreatorStatuses.Verified : CreatorStatuses.Rejected, VerificationReason = e.Reason,
            },
            StaffAdded e => this with { Staff = Staff.Add(e.Member.Value) },
            StaffRemoved e => this with { Staff = Staff.Remove(e.Member.Value) },
            WorkCreated e => this with
            {
                Works = Works.SetItem(e.WorkId, new WorkState(e.Kind, WorkStatuses.Draft, 1, e.TargetTiers, e.By,
                    FingerprintOf(e.Kind, e.Content, e.TargetTiers), ContentFingerprintOf(e.Content), seq,
                    ImmutableDictionary<string, RecordedReprint>.Empty)),
            },
            WorkPublished e => WithWork(e.WorkId, w => w with { Status = WorkStatuses.Published, TargetTiers = e.TargetTiers }),
            WorkRevised e => WithWork(e.WorkId, w => w with { Version = e.Version, ContentFingerprint = ContentFingerprintOf(e.Content) }),
            WorkWithdrawn e => WithWork(e.WorkId, w => w with { Status = WorkStatuses.Withdrawn }),
            WorkReprinted e => WithWork(e.WorkId, w => w with { Reprinters = w.Reprinters.SetItem(e.ReprinterId.Value, new RecordedReprint(e.ReprintId, seq)) }),
            ReprintFollowed e => this with
            {
                Reprints = Reprints.SetItem(e.ReprintId, new ReprintState(e.OriginalCreatorId, e.OriginalWorkId, e.Version, e.Withdrawn)),
            },
            StatsPublished e => this with { Totals = e.Totals },
            TaskProgressed e => this with { Tasks = Tasks.SetItem(e.TaskId, new CreatorTaskState(e.Progress, TaskStatuses.Open)) },
            TaskCompleted e => this with { Tasks = Tasks.SetItem(e.TaskId, new CreatorTaskState(e.Progress, TaskStatuses.Completed)) },
            TaskFailed e => this with { Tasks = Tasks.SetItem(e.TaskId, new CreatorTaskState(e.Progress, TaskStatuses.Failed)) },
            IncentiveGranted e => this with
            {
                Points = Points + e.Points,
                Boosts = e.Boost is not { } boost ? Boosts
                    : [.. Boosts.Where(b => b.Until > e.At), .. e.BoostedWorkIds.Select(w => new WorkBoost(w, boost.Weight, boost.Until))],
            },
            _ => this,
        }) with { Seq = seq };
    }

    private CreatorState WithWork(string workId, Func<WorkState, WorkState> change) =>
        Works.TryGetValue(workId, out var work) ? this with { Works = Works.SetItem(workId, change(work)) } : this;

    public LiveEvent? ToLive(ICommunityEvent evt, long seq) => CreatorLive.Of(evt, seq);
}

/// <summary>The creator state before stats, tasks, points and boosts (snapshots written until 2026-12-02): upgrades with
/// none of them (they did not exist).</summary>
[Manifest("creator-state.v2")]
public sealed record CreatorStateV2(
    CreatorId CreatorId,
    bool Exists,
    UserId OwnerId,
    string Name,
    string OrgType,
    string RegionCode,
    string Status,
    long Seq,
    DateTimeOffset RegisteredAt,
    string? VerificationReason,
    ImmutableSortedSet<string> Staff,
    ImmutableDictionary<string, WorkState> Works,
    ImmutableDictionary<string, ReprintState> Reprints) : ICommunityMessage, ISnapshotUpgrade<CreatorState>
{
    public CreatorState Upgrade() => CreatorState.Empty(CreatorId.Value) with
    {
        Exists = Exists, OwnerId = OwnerId, Name = Name, OrgType = OrgType, RegionCode = RegionCode, Status = Status, Seq = Seq,
        RegisteredAt = RegisteredAt, VerificationReason = VerificationReason, Staff = Staff, Works = Works, Reprints = Reprints,
    };
}

/// <summary>The creator state before staff, verification and works (snapshots written until 2026-12-01): upgrades with
/// the owner as the only staff member and no works.</summary>
[Manifest("creator-state.v1")]
public sealed record CreatorStateV1(
    CreatorId CreatorId,
    bool Exists,
    UserId OwnerId,
    string Name,
    string OrgType,
    string RegionCode,
    string Status,
    long Seq,
    DateTimeOffset RegisteredAt) : ICommunityMessage, ISnapshotUpgrade<CreatorState>
{
    public CreatorState Upgrade() => CreatorState.Empty(CreatorId.Value) with
    {
        Exists = Exists, OwnerId = OwnerId, Name = Name, OrgType = OrgType, RegionCode = RegionCode, Status = Status, Seq = Seq,
        RegisteredAt = RegisteredAt,
        Staff = Exists ? ImmutableSortedSet.Create(StringComparer.Ordinal, OwnerId.Value) : ImmutableSortedSet.Create<string>(StringComparer.Ordinal),
    };
}
