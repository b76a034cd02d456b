using System.Collections.Immutable;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Contracts.Circles;

/// <summary>Routes a message to the circle entity it names.</summary>
public interface IWithCircleId
{
    CircleId CircleId { get; }
}

public interface ICircleCommand : IWithCircleId, ICommunityMessage;

[JournalTag("circles")]
public interface ICircleEvent : ICommunityEvent
{
    CircleId CircleId { get; }
}

/// <summary>
/// What a member does in a circle (post, comment, like). It is sent to the member's user entity first (it routes by
/// <see cref="IWithUserId.UserId"/>), which holds the circles the user joined: it forwards the act to the circle only
/// for a member, stamped with the member's current display name. The circle so never holds its member list.
/// </summary>
public interface ICircleAct : ICircleCommand, IUserCommand
{
    /// <summary>The act as the user entity vouches for it.</summary>
    ICircleAct SignedBy(string displayName);
}

[Manifest("create-circle.v1")]
public sealed record CreateCircle(
    CircleId CircleId, UserId OwnerId, string Name, string Description, string RegionCode, DateTimeOffset At) : ICircleCommand;

/// <summary>Query: answered with <see cref="CircleView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
[Manifest("get-circle.v1")]
public sealed record GetCircle(CircleId CircleId) : ICircleCommand;

/// <summary>Query before a join: accepted when the circle exists and has not banned the user; nothing is persisted.</summary>
[Manifest("check-admission.v1")]
public sealed record CheckAdmission(CircleId CircleId, UserId UserId) : ICircleCommand;

/// <summary>Query before a follow of the <c>circle:{id}</c> live stream: answered with <see cref="CircleFeed"/> (the
/// circle's confirmed seq) when <paramref name="ReaderId"/> may read it, <see cref="CommandRejected"/> Forbidden for a
/// user the circle banned, NotFound for no circle. One Ask: the seq and the permission come from the same state.</summary>
[Manifest("open-circle-feed.v1")]
public sealed record OpenCircleFeed(CircleId CircleId, UserId ReaderId) : ICircleCommand;

/// <summary>Counts a member in. <paramref name="AdmissionId"/> names this join (user and the user's join seq), so a
/// retried join is counted once.</summary>
[Manifest("admit-member.v1")]
public sealed record AdmitMember(CircleId CircleId, UserId UserId, string AdmissionId, DateTimeOffset At) : ICircleCommand;

/// <summary>Counts a member out; <paramref name="ReleaseId"/> makes it idempotent like <see cref="AdmitMember"/>.</summary>
[Manifest("release-member.v1")]
public sealed record ReleaseMember(CircleId CircleId, UserId UserId, string ReleaseId, DateTimeOffset At) : ICircleCommand;

[Manifest("create-post.v1")]
public sealed record CreatePost(
    UserId UserId, CircleId CircleId, string PostId, string AuthorName, string Text, ImmutableArray<string> ImageUrls,
    string? TopicId, DateTimeOffset At) : ICircleAct
{
    public ICircleAct SignedBy(string displayName) => this with { AuthorName = displayName };
}

[Manifest("add-comment.v1")]
public sealed record AddComment(
    UserId UserId, CircleId CircleId, string PostId, string CommentId, string AuthorName, string Text, DateTimeOffset At) : ICircleAct
{
    public ICircleAct SignedBy(string displayName) => this with { AuthorName = displayName };
}

/// <summary>Likes (<paramref name="Liked"/> true) or unlikes a post; a repeat changes nothing.</summary>
[Manifest("set-like.v1")]
public sealed record SetLike(UserId UserId, CircleId CircleId, string PostId, bool Liked, DateTimeOffset At) : ICircleAct
{
    public ICircleAct SignedBy(string displayName) => this;
}

/// <summary>Removes a post: its author, the circle's owner or moderators, or a platform moderator.</summary>
[Manifest("remove-post.v1")]
public sealed record RemovePost(
    CircleId CircleId, string PostId, UserId By, bool ByPlatformModerator, string Reason, DateTimeOffset At) : ICircleCommand;

/// <summary>Opens a topic activity as a platform moderator (<paramref name="ByPlatformModerator"/> true), who need not
/// be a member. The circle refuses it otherwise: its owner and moderators open topics as members, with
/// <see cref="OpenTopic"/> through their user entity.</summary>
[Manifest("create-topic.v1")]
public sealed record CreateTopic(
    CircleId CircleId, string TopicId, UserId By, bool ByPlatformModerator, string Title, string Description,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset At) : ICircleCommand;

/// <summary>Opens a topic activity as a member: sent to the user entity, which forwards it only while the user is a
/// member of the circle (an owner who left opens nothing); the circle then checks that the member is its owner or one
/// of its moderators and not banned.</summary>
[Manifest("open-topic.v1")]
public sealed record OpenTopic(
    UserId UserId, CircleId CircleId, string TopicId, string Title, string Description, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, DateTimeOffset At) : ICircleAct
{
    public ICircleAct SignedBy(string displayName) => this;
}

/// <summary>The owner makes a user one of the circle's moderators.</summary>
[Manifest("appoint-moderator.v1")]
public sealed record AppointModerator(CircleId CircleId, UserId Moderator, UserId By, DateTimeOffset At) : ICircleCommand;

/// <summary>Bans (<paramref name="Banned"/> true) or lets back a user: the circle's owner or moderators, or a platform
/// moderator. A banned user may not join, post, comment or like.</summary>
[Manifest("set-ban.v1")]
public sealed record SetBan(
    CircleId CircleId, UserId Target, bool Banned, UserId By, bool ByPlatformModerator, string Reason, DateTimeOffset At) : ICircleCommand;

/// <summary>The feed ↔ queue bridge: the help ticket made from a post moved on. Sent by the ticket-post relay at least
/// once; <paramref name="TicketSeq"/> (the ticket's event seq) makes a repeat or an older step a no-op.
/// <paramref name="Resolution"/> is the department's resolution text, shown on the post, when the ticket is public.</summary>
[Manifest("update-post-ticket.v1")]
public sealed record UpdatePostTicket(
    CircleId CircleId, string PostId, TicketId TicketId, long TicketSeq, string Status, string? DepartmentId, string? Resolution,
    DateTimeOffset At) : ICircleCommand;

/// <summary>The feed ↔ queue bridge: the department answered the ticket made from a post publicly, and the answer
/// appears under the post as the department's reply (a comment by the department). Idempotent like
/// <see cref="UpdatePostTicket"/>.</summary>
[Manifest("add-department-reply.v1")]
public sealed record AddDepartmentReply(
    CircleId CircleId, string PostId, TicketId TicketId, long TicketSeq, string CommentId, string DepartmentId, string DepartmentName,
    string Text, DateTimeOffset At) : ICircleCommand;

/// <summary>Timer of the circle itself: publishes the latest like and member counts held back by the live throttle.</summary>
[Manifest("publish-counts.v1")]
public sealed record PublishCounts(CircleId CircleId, DateTimeOffset At) : ICircleCommand;

[Manifest("circle-created.v1")]
public sealed record CircleCreated(
    CircleId CircleId, UserId OwnerId, string Name, string Description, string RegionCode, DateTimeOffset At) : ICircleEvent;

/// <summary>A member counted in. <paramref name="Published"/>: whether live clients were told the new count at once
/// (the first change in a window); when false, a later <see cref="MemberCountPublished"/> carries it.</summary>
[Manifest("member-admitted.v1")]
public sealed record MemberAdmitted(
    CircleId CircleId, UserId UserId, string AdmissionId, long MemberCount, DateTimeOffset At, bool Published = false) : ICircleEvent;

/// <summary>A member counted out; <paramref name="Published"/> as for <see cref="MemberAdmitted"/>.</summary>
[Manifest("member-released.v1")]
public sealed record MemberReleased(
    CircleId CircleId, UserId UserId, string ReleaseId, long MemberCount, DateTimeOffset At, bool Published = false) : ICircleEvent;

[Manifest("member-count-published.v1")]
public sealed record MemberCountPublished(CircleId CircleId, long MemberCount, DateTimeOffset At) : ICircleEvent;

[Manifest("post-created.v1")]
public sealed record PostCreated(
    CircleId CircleId, string PostId, UserId AuthorId, string AuthorName, string Text, ImmutableArray<string> ImageUrls,
    string? TopicId, DateTimeOffset At) : ICircleEvent;

[Manifest("comment-added.v1")]
public sealed record CommentAdded(
    CircleId CircleId, string PostId, string CommentId, UserId AuthorId, string AuthorName, string Text, long CommentCount,
    DateTimeOffset At) : ICircleEvent;

/// <summary>A like or unlike, with the post's count after it. <paramref name="Published"/> says whether live clients were
/// told at once; when false, a later <see cref="LikeCountPublished"/> carries the count (at most a few per second per
/// post). The flag is decided once, so a replay of the journal tells clients exactly what the live feed told them.</summary>
[Manifest("like-changed.v1")]
public sealed record LikeChanged(
    CircleId CircleId, string PostId, UserId UserId, bool Liked, long LikeCount, bool Published, DateTimeOffset At) : ICircleEvent;

[Manifest("like-count-published.v1")]
public sealed record LikeCountPublished(CircleId CircleId, string PostId, long LikeCount, DateTimeOffset At) : ICircleEvent;

[Manifest("post-removed.v1")]
public sealed record PostRemoved(CircleId CircleId, string PostId, UserId By, string Reason, DateTimeOffset At) : ICircleEvent;

/// <summary>The ticket made from the post is now <paramref name="Status"/> (the first one links the post to it).</summary>
[Manifest("post-ticket-changed.v1")]
public sealed record PostTicketChanged(
    CircleId CircleId, string PostId, TicketId TicketId, long TicketSeq, string Status, string? DepartmentId, string? Resolution,
    DateTimeOffset At) : ICircleEvent;

/// <summary>A department's public answer to the ticket made from the post, as a comment under it.</summary>
[Manifest("department-replied.v1")]
public sealed record DepartmentReplied(
    CircleId CircleId, string PostId, string CommentId, TicketId TicketId, long TicketSeq, string DepartmentId, string DepartmentName,
    string Text, long CommentCount, DateTimeOffset At) : ICircleEvent;

[Manifest("topic-created.v1")]
public sealed record TopicCreated(
    CircleId CircleId, string TopicId, UserId By, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateTimeOffset At) : ICircleEvent;

[Manifest("moderator-appointed.v1")]
public sealed record ModeratorAppointed(CircleId CircleId, UserId Moderator, UserId By, DateTimeOffset At) : ICircleEvent;

[Manifest("ban-changed.v1")]
public sealed record BanChanged(CircleId CircleId, UserId Target, bool Banned, UserId By, string Reason, DateTimeOffset At) : ICircleEvent;

/// <summary>The answer to <see cref="OpenCircleFeed"/>: the circle's confirmed seq, up to which the backlog is read.</summary>
[Manifest("circle-feed.v1")]
public sealed record CircleFeed(CircleId CircleId, long Seq) : ICommunityMessage;

[Manifest("circle-view.v1")]
public sealed record CircleView(
    CircleId CircleId, UserId OwnerId, string Name, string Description, string RegionCode, long MemberCount, long Seq, DateTimeOffset CreatedAt)
    : ICommunityMessage;
