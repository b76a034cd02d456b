using System.Collections.Immutable;
using Community.Contracts.Common;

namespace Community.Contracts.Creators;

/// <summary>Routes a message to the creator ("Chaominghao") entity it names.</summary>
public interface IWithCreatorId
{
    CreatorId CreatorId { get; }
}

public interface ICreatorCommand : IWithCreatorId, ICommunityMessage;

[JournalTag("creators")]
public interface ICreatorEvent : ICommunityEvent
{
    CreatorId CreatorId { get; }
}

public static class OrgTypes
{
    public const string CountyMediaCenter = "countyMediaCenter";
    public const string Institution = "institution";
    public const string Individual = "individual";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { CountyMediaCenter, Institution, Individual };
}

public static class CreatorStatuses
{
    public const string Pending = "pending";
    public const string Verified = "verified";
    public const string Rejected = "rejected";
}

public static class WorkKinds
{
    public const string Article = "article";
    public const string Video = "video";
    public const string Gallery = "gallery";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Article, Video, Gallery };
}

public static class WorkStatuses
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Withdrawn = "withdrawn";
}

/// <summary>The limits of a work's content, checked by the web host (naming the field) and again by the entity.</summary>
public static class WorkLimits
{
    public const int MaxTitle = 200;
    public const int MaxBody = 50_000;
    public const int MaxImages = 30;
    public const int MaxCaption = 500;
    public const int MaxUrl = 2000;
    public const int MaxNote = 1000;
    public const int MaxComment = 2000;
}

/// <summary>One image of a gallery.</summary>
public sealed record GalleryImage(string Url, string Caption);

/// <summary>What one version of a work says. <paramref name="Body"/> is plain text, paragraphs separated by blank lines:
/// an article's text, a video's description, a gallery's introduction. <paramref name="VideoUrl"/> and
/// <paramref name="PosterUrl"/> belong to videos, <paramref name="Images"/> to galleries.</summary>
public sealed record WorkContent(string Title, string Body, string? VideoUrl, string? PosterUrl, ImmutableArray<GalleryImage> Images);

[Manifest("register-creator.v1")]
public sealed record RegisterCreator(
    CreatorId CreatorId, UserId OwnerId, string Name, string OrgType, string RegionCode, DateTimeOffset At) : ICreatorCommand;

/// <summary>Query: answered with <see cref="CreatorView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
[Manifest("get-creator.v1")]
public sealed record GetCreator(CreatorId CreatorId) : ICreatorCommand;

/// <summary>A moderator verifies or rejects a pending (or rejected) account; <paramref name="Reason"/> is shown to the owner.</summary>
[Manifest("decide-verification.v1")]
public sealed record DecideVerification(CreatorId CreatorId, bool Approved, string Reason, UserId By, DateTimeOffset At) : ICreatorCommand;

/// <summary>The owner adds an editor to the account's staff.</summary>
[Manifest("add-staff.v1")]
public sealed record AddStaff(CreatorId CreatorId, UserId Member, UserId By, DateTimeOffset At) : ICreatorCommand;

/// <summary>The owner removes an editor (never the owner).</summary>
[Manifest("remove-staff.v1")]
public sealed record RemoveStaff(CreatorId CreatorId, UserId Member, UserId By, DateTimeOffset At) : ICreatorCommand;

/// <summary>A staff member writes a work: a draft, or published at once when <paramref name="Publish"/> (verified accounts
/// only). <paramref name="WorkId"/> comes from the caller's Idempotency-Key: a repeat with the same content is answered with
/// the first, another content under it is refused as the key reused.</summary>
[Manifest("create-work.v1")]
public sealed record CreateWork(
    CreatorId CreatorId, string WorkId, UserId By, string Kind, WorkContent Content, ImmutableArray<string> TargetTiers, bool Publish,
    DateTimeOffset At) : ICreatorCommand;

/// <summary>Publishes a draft (verified accounts only).</summary>
[Manifest("publish-work.v1")]
public sealed record PublishWork(CreatorId CreatorId, string WorkId, UserId By, DateTimeOffset At) : ICreatorCommand;

/// <summary>Changes a work's content: a draft is edited in place; a published work is corrected, which makes a new
/// version and needs <paramref name="Note"/> (shown to readers with its date). Its reprints follow.</summary>
[Manifest("revise-work.v1")]
public sealed record ReviseWork(CreatorId CreatorId, string WorkId, UserId By, WorkContent Content, string? Note, DateTimeOffset At)
    : ICreatorCommand;

/// <summary>Withdraws a draft or a published work; it leaves every channel, and its reprints are withdrawn too.</summary>
[Manifest("withdraw-work.v1")]
public sealed record WithdrawWork(CreatorId CreatorId, string WorkId, UserId By, string Reason, DateTimeOffset At) : ICreatorCommand;

/// <summary>A staff member of <see cref="CreatorId"/> (the reprinter, a verified account) reprints another account's
/// published work. The reprinter checks its side and forwards <see cref="RecordReprint"/> to the original's account,
/// which answers.</summary>
[Manifest("reprint-work.v1")]
public sealed record ReprintWork(
    CreatorId CreatorId, string ReprintId, CreatorId OriginalCreatorId, string OriginalWorkId, UserId By, DateTimeOffset At)
    : ICreatorCommand;

/// <summary>Sent by the reprinter's entity to the original's (<see cref="CreatorId"/>): records the reprint once per
/// reprinter and work. Answered <see cref="CommandAccepted"/> with the original's seq.</summary>
[Manifest("record-reprint.v1")]
public sealed record RecordReprint(
    CreatorId CreatorId, string WorkId, string ReprintId, CreatorId ReprinterId, string ReprinterName, string ReprinterRegionCode,
    UserId By, DateTimeOffset At) : ICreatorCommand;

/// <summary>Sent by the reprint relay to the reprinter (<see cref="CreatorId"/>) after the original's account recorded a
/// reprint, corrected or withdrew the original: the reprinter's account mirrors the original's latest version. A
/// version it already holds is a no-op (the relay delivers at least once).</summary>
[Manifest("follow-original.v1")]
public sealed record FollowOriginal(
    CreatorId CreatorId, string ReprintId, CreatorId OriginalCreatorId, string OriginalWorkId, int Version, bool Withdrawn, string? Note,
    DateTimeOffset At) : ICreatorCommand;

[Manifest("creator-registered.v1")]
public sealed record CreatorRegistered(
    CreatorId CreatorId, UserId OwnerId, string Name, string OrgType, string RegionCode, DateTimeOffset At) : ICreatorEvent;

[Manifest("creator-verification-decided.v1")]
public sealed record CreatorVerificationDecided(CreatorId CreatorId, bool Approved, string Reason, UserId By, DateTimeOffset At)
    : ICreatorEvent;

[Manifest("staff-added.v1")]
public sealed record StaffAdded(CreatorId CreatorId, UserId Member, UserId By, DateTimeOffset At) : ICreatorEvent;

[Manifest("staff-removed.v1")]
public sealed record StaffRemoved(CreatorId CreatorId, UserId Member, UserId By, DateTimeOffset At) : ICreatorEvent;

/// <summary>A work written, as a draft (version 1). <paramref name="RegionCode"/> is the account's region.</summary>
[Manifest("work-created.v1")]
public sealed record WorkCreated(
    CreatorId CreatorId, string WorkId, UserId By, string Kind, WorkContent Content, ImmutableArray<string> TargetTiers, string RegionCode,
    DateTimeOffset At) : ICreatorEvent;

/// <summary>A work published to the channels of its target tiers, routed from <paramref name="RegionCode"/>.</summary>
[Manifest("work-published.v1")]
public sealed record WorkPublished(
    CreatorId CreatorId, string WorkId, UserId By, ImmutableArray<string> TargetTiers, string RegionCode, DateTimeOffset At) : ICreatorEvent;

/// <summary>A work's content changed: a draft edited (<paramref name="Correction"/> false, same version) or a published
/// work corrected (a new <paramref name="Version"/> with its <paramref name="Note"/>).</summary>
[Manifest("work-revised.v1")]
public sealed record WorkRevised(
    CreatorId CreatorId, string WorkId, UserId By, int Version, WorkContent Content, string? Note, bool Correction, DateTimeOffset At)
    : ICreatorEvent;

[Manifest("work-withdrawn.v1")]
public sealed record WorkWithdrawn(CreatorId CreatorId, string WorkId, UserId By, string Reason, DateTimeOffset At) : ICreatorEvent;

/// <summary>Persisted by the original's account: <paramref name="ReprinterId"/> reprinted <paramref name="WorkId"/> as
/// <paramref name="ReprintId"/>; the reprint shows in the reprinter's channels (routed from
/// <paramref name="ReprinterRegionCode"/> to the original's target tiers) with attribution.</summary>
[Manifest("work-reprinted.v1")]
public sealed record WorkReprinted(
    CreatorId CreatorId, string WorkId, string ReprintId, CreatorId ReprinterId, string ReprinterName, string ReprinterRegionCode,
    UserId By, DateTimeOffset At) : ICreatorEvent;

/// <summary>Persisted by the reprinter's account: its reprint now mirrors version <paramref name="Version"/> of the
/// original (the first one when the reprint was recorded), or the original was withdrawn and the reprint with it.</summary>
[Manifest("reprint-followed.v1")]
public sealed record ReprintFollowed(
    CreatorId CreatorId, string ReprintId, CreatorId OriginalCreatorId, string OriginalWorkId, int Version, bool Withdrawn, string? Note,
    DateTimeOffset At) : ICreatorEvent;

/// <summary>A creator account as its entity knows it.</summary>
/// <param name="Staff">The owner and the editors; each acts for the account.</param>
/// <param name="VerificationReason">The moderator's reason for the last verification decision, or null.</param>
[Manifest("creator-view.v2")]
public sealed record CreatorView(
    CreatorId CreatorId, UserId OwnerId, string Name, string OrgType, string RegionCode, string Status, long Seq, DateTimeOffset RegisteredAt,
    ImmutableSortedSet<string> Staff, string? VerificationReason, int WorkCount) : ICommunityMessage
{
    public bool IsStaff(string userId) => Staff.Contains(userId);
}

/// <summary>Work ids name their account: <c>{creatorId}-w-{26 base32}</c>, so a route with only a work id reaches the
/// work's entity without a read-model lookup (which may lag the write by a moment). A reprint's id names the reprinter.</summary>
public static class WorkIds
{
    private const string Infix = "-w-";
    private const int SuffixLength = 26;

    /// <param name="suffix">26 characters of [a-z2-7] (an <c>IdempotencyKey</c> id's tail).</param>
    public static string Of(CreatorId creatorId, string suffix) =>
        suffix.Length == SuffixLength ? $"{creatorId.Value}{Infix}{suffix}" : throw new ArgumentException("26 characters.", nameof(suffix));

    /// <summary>The account a work id names, or null when it is not a work id.</summary>
    public static CreatorId? CreatorOf(string workId) =>
        workId.Length > Infix.Length + SuffixLength && workId.AsSpan(workId.Length - SuffixLength - Infix.Length, Infix.Length).SequenceEqual(Infix)
            ? new CreatorId(workId[..^(SuffixLength + Infix.Length)])
            : null;
}
