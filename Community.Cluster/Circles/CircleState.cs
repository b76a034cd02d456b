using System.Collections.Immutable;
using Community.Cluster.Entities;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;

namespace Community.Cluster.Circles;

/// <summary>What a circle remembers of one post: enough to check comments, likes and removal; the text lives in the
/// journal and the read model only. <paramref name="Fingerprint"/> is the <see cref="RequestFingerprint"/> of what was
/// posted (null in snapshots taken before it was kept: a repeat is then accepted as before).
/// <paramref name="Ticket"/> is the help ticket the post was turned into (null in snapshots taken before the bridge).</summary>
public sealed record PostState(UserId AuthorId, string? TopicId, long Seq, bool Removed, long CommentCount,
    ImmutableHashSet<string> Likers, DateTimeOffset LikeCountPublishedAt, long? Fingerprint = null, PostTicketLink? Ticket = null);

/// <summary>The help ticket a post was turned into, as of the ticket's event <paramref name="TicketSeq"/>.</summary>
public sealed record PostTicketLink(TicketId TicketId, long TicketSeq, string Status);

/// <summary>A topic activity: open from <paramref name="StartsAt"/> until <paramref name="EndsAt"/>; its participation
/// count is the number of distinct members who posted to it.</summary>
public sealed record TopicState(string TopicId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    ImmutableHashSet<string> Participants, long? Fingerprint = null)
{
    public bool IsOpenAt(DateTimeOffset at) => at >= StartsAt && at < EndsAt;
}

/// <summary>
/// One interest circle. Membership is held by the user entities (each knows the circles it joined); the circle keeps
/// the count, the few users it must know by id (owner, moderators, banned) and the ids of recent admissions and
/// releases, so that a retried join or leave is counted once without a member list.
/// </summary>
[Manifest("circle-state.v1")]
public sealed record CircleState(
    CircleId CircleId,
    bool Exists,
    UserId OwnerId,
    string Name,
    string Description,
    string RegionCode,
    long MemberCount,
    long Seq,
    DateTimeOffset CreatedAt,
    ImmutableHashSet<string> Moderators,
    ImmutableHashSet<string> Banned,
    ImmutableDictionary<string, PostState> Posts,
    ImmutableDictionary<string, TopicState> Topics,
    ImmutableHashSet<string> LikeCountsPending,
    ImmutableList<string> RecentMembershipChanges,
    RecentComments? RecentComments = null,
    DateTimeOffset MemberCountPublishedAt = default,
    bool MemberCountPending = false) : IEntityState<CircleState>
{
    /// <summary>Live like counts of one post, and the circle's member count, are sent at most once per window; the latest
    /// count always follows.</summary>
    public static readonly TimeSpan CountWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>How many admission and release ids are remembered for idempotent retries.</summary>
    public const int RememberedMembershipChanges = 4096;

    public const int MaxTextLength = 5000;

    public static CircleState Empty(string entityId) => new(new CircleId(entityId), false, new UserId(""), "", "", "", 0, 0, default,
        [], [], ImmutableDictionary<string, PostState>.Empty, ImmutableDictionary<string, TopicState>.Empty, [], [], RecentComments.None);

    /// <summary>Snapshots taken before comments were remembered have none.</summary>
    private RecentComments Comments => RecentComments ?? RecentComments.None;

    public Decision Decide(ICommunityMessage message) => message switch
    {
        CreateCircle create => Exists
            ? create.OwnerId == OwnerId && (create.Name, create.Description, create.RegionCode) != (Name, Description, RegionCode)
                ? KeyReused($"Circle {CircleId} was created with another name, description or region.")
                // The caller tells its own replay (the owner's) from someone else's id by asking who owns the circle.
                : Decision.Reject(RejectionReason.AlreadyExists, $"Circle {CircleId} already exists.")
            : Decision.Persist(new CircleCreated(CircleId, create.OwnerId, create.Name, create.Description, create.RegionCode, create.At)),
        _ when !Exists => Decision.Reject(RejectionReason.NotFound, $"Circle {CircleId} does not exist."),
        GetCircle => Decision.Reply(new CircleView(CircleId, OwnerId, Name, Description, RegionCode, MemberCount, Seq, CreatedAt)),
        CheckAdmission check => IsBanned(check.UserId) ? BannedRejection() : Decision.Unchanged(Seq),
        OpenCircleFeed open => IsBanned(open.ReaderId)
            ? Decision.Reject(RejectionReason.Forbidden, "You are banned from this circle.")
            : Decision.Reply(new CircleFeed(CircleId, Seq)),
        AdmitMember admit => IsBanned(admit.UserId) ? BannedRejection()
            : RecentMembershipChanges.Contains(admit.AdmissionId) ? Decision.Unchanged(Seq)
            : Decision.Persist(new MemberAdmitted(CircleId, admit.UserId, admit.AdmissionId, MemberCount + 1, admit.At,
                PublishesMemberCountAt(admit.At))),
        ReleaseMember release => RecentMembershipChanges.Contains(release.ReleaseId)
            ? Decision.Unchanged(Seq)
            : Decision.Persist(new MemberReleased(CircleId, release.UserId, release.ReleaseId, Math.Max(0, MemberCount - 1), release.At,
                PublishesMemberCountAt(release.At))),
        CreatePost post => DecidePost(post),
        AddComment comment => DecideComment(comment),
        SetLike like => DecideLike(like),
        RemovePost remove => DecideRemoval(remove),
        // A platform moderator opens topics without joining; the owner and circle moderators as members (OpenTopic,
        // forwarded by their user entity only while they are members), so an owner who left opens nothing.
        CreateTopic topic => topic.ByPlatformModerator
            ? DecideTopic(topic.TopicId, topic.By, true, topic.Title, topic.Description, topic.StartsAt, topic.EndsAt, topic.At)
            : Decision.Reject(RejectionReason.Forbidden, "The circle's owner and moderators open topics as members of the circle."),
        OpenTopic topic => IsBanned(topic.UserId) ? BannedRejection()
            : DecideTopic(topic.TopicId, topic.UserId, false, topic.Title, topic.Description, topic.StartsAt, topic.EndsAt, topic.At),
        AppointModerator appoint => appoint.By != OwnerId
            ? Decision.Reject(RejectionReason.Forbidden, "Only the circle's owner appoints moderators.")
            : Moderators.Contains(appoint.Moderator.Value) ? Decision.Unchanged(Seq)
            : Decision.Persist(new ModeratorAppointed(CircleId, appoint.Moderator, appoint.By, appoint.At)),
        SetBan ban => DecideBan(ban),
        PublishCounts publish => DecidePublishCounts(publish),
        UpdatePostTicket update => DecideTicketStep(update.PostId, update.TicketId, update.TicketSeq)
            ?? Decision.Persist(new PostTicketChanged(CircleId, update.PostId, update.TicketId, update.TicketSeq, update.Status,
                update.DepartmentId, update.Resolution, update.At)),
        AddDepartmentReply reply => DecideTicketStep(reply.PostId, reply.TicketId, reply.TicketSeq)
            ?? Decision.Persist(new DepartmentReplied(CircleId, reply.PostId, reply.CommentId, reply.TicketId, reply.TicketSeq,
                reply.DepartmentId, reply.DepartmentName, reply.Text, Posts[reply.PostId].CommentCount + 1, reply.At)),
        _ => Decision.Reject(RejectionReason.Invalid, $"A circle does not handle {message.GetType().Name}."),
    };

    private bool IsBanned(UserId userId) => Banned.Contains(userId.Value);

    // The first membership change in a window is told at once; later ones wait for the circle's PublishCounts timer.
    private bool PublishesMemberCountAt(DateTimeOffset at) => at - MemberCountPublishedAt >= CountWindow;

    /// <summary>Counts held back by the live throttle, now with their latest values.</summary>
    public bool CountsPending => MemberCountPending || !LikeCountsPending.IsEmpty;

    private Decision DecidePublishCounts(PublishCounts publish)
    {
        var likes = LikeCountsPending.Order(StringComparer.Ordinal)
            .Select(ICommunityEvent (postId) => new LikeCountPublished(CircleId, postId, Posts[postId].Likers.Count, publish.At));
        var events = (MemberCountPending ? [new MemberCountPublished(CircleId, MemberCount, publish.At)] : Enumerable.Empty<ICommunityEvent>())
            .Concat(likes).ToArray();
        return events.Length == 0 ? Decision.Unchanged(Seq) : Decision.Persist(events);
    }

    private bool MayModerate(UserId userId, bool isPlatformModerator) =>
        isPlatformModerator || userId == OwnerId || Moderators.Contains(userId.Value);

    /// <summary>The id of a create is derived from the caller's Idempotency-Key: the same id with other content is the
    /// key reused for another request, refused so that the first stays as it was.</summary>
    private static Decision KeyReused(string detail) => Decision.Reject(RejectionReason.IdempotencyKeyReused, detail);

    /// <summary>A repeat by the same caller: the same request when its fingerprint matches the first one's, or when the
    /// first one's is unknown (remembered before fingerprints were kept).</summary>
    private static bool SameRequest(long? first, long repeat) => first is null || first == repeat;

    private Decision BannedRejection() => Decision.Reject(RejectionReason.Forbidden, $"You are banned from circle {CircleId}.");

    private static Decision? InvalidText(string text) =>
        string.IsNullOrWhiteSpace(text) ? Decision.Reject(RejectionReason.Invalid, "The text is empty.")
        : text.Length > MaxTextLength ? Decision.Reject(RejectionReason.Invalid, $"The text is longer than {MaxTextLength} characters.")
        : null;

    private Decision DecidePost(CreatePost post)
    {
        if (IsBanned(post.UserId)) return BannedRejection();
        if (InvalidText(post.Text) is { } invalid) return invalid;
        if (Posts.TryGetValue(post.PostId, out var existing))
            return existing.AuthorId != post.UserId
                ? Decision.Reject(RejectionReason.AlreadyExists, $"Post {post.PostId} already exists.")
                : SameRequest(existing.Fingerprint, RequestFingerprint.OfPost(post.Text, post.ImageUrls, post.TopicId))
                    ? Decision.Unchanged(existing.Seq)
                    : KeyReused($"Post {post.PostId} was created with another text, images or topic.");
        if (post.TopicId is not null)
        {
            if (!Topics.TryGetValue(post.TopicId, out var topic))
                return Decision.Reject(RejectionReason.NotFound, $"Circle {CircleId} has no topic {post.TopicId}.");
            if (!topic.IsOpenAt(post.At))
                return Decision.Reject(RejectionReason.InvalidState, $"Topic '{topic.Title}' is not open now.");
        }
        return Decision.Persist(new PostCreated(CircleId, post.PostId, post.UserId, post.AuthorName, post.Text, post.ImageUrls,
            post.TopicId, post.At));
    }

    private Decision DecideComment(AddComment comment)
    {
        if (IsBanned(comment.UserId)) return BannedRejection();
        if (InvalidText(comment.Text) is { } invalid) return invalid;
        if (Comments.Find(comment.CommentId) is { } earlier)
            return earlier.AuthorId != comment.UserId || earlier.PostId != comment.PostId
                ? Decision.Reject(RejectionReason.AlreadyExists, $"Comment {comment.CommentId} already exists.")
                : SameRequest(earlier.Fingerprint, RequestFingerprint.OfComment(comment.Text))
                    ? Decision.Unchanged(earlier.Seq)
                    : KeyReused($"Comment {comment.CommentId} was added with another text.");
        if (!Posts.TryGetValue(comment.PostId, out var post) || post.Removed) return UnknownPost(comment.PostId);
        return Decision.Persist(new CommentAdded(CircleId, comment.PostId, comment.CommentId, comment.UserId, comment.AuthorName,
            comment.Text, post.CommentCount + 1, comment.At));
    }

    private Decision DecideLike(SetLike like)
    {
        if (IsBanned(like.UserId)) return BannedRejection();
        if (!Posts.TryGetValue(like.PostId, out var post) || post.Removed) return UnknownPost(like.PostId);
        if (post.Likers.Contains(like.UserId.Value) == like.Liked) return Decision.Unchanged(Seq);
        var count = post.Likers.Count + (like.Liked ? 1 : -1);
        // The first change in a window is told at once; later ones wait for the circle's PublishCounts timer.
        var publishNow = like.At - post.LikeCountPublishedAt >= CountWindow;
        return Decision.Persist(new LikeChanged(CircleId, like.PostId, like.UserId, like.Liked, count, publishNow, like.At));
    }

    private Decision DecideRemoval(RemovePost remove)
    {
        if (!Posts.TryGetValue(remove.PostId, out var post)) return UnknownPost(remove.PostId);
        if (post.AuthorId != remove.By && !MayModerate(remove.By, remove.ByPlatformModerator))
            return Decision.Reject(RejectionReason.Forbidden, "Only the author or a moderator removes a post.");
        return post.Removed
            ? Decision.Unchanged(Seq)
            : Decision.Persist(new PostRemoved(CircleId, remove.PostId, remove.By, remove.Reason, remove.At));
    }

    private Decision DecideTopic(string topicId, UserId by, bool byPlatformModerator, string title, string description,
        DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset at)
    {
        if (!MayModerate(by, byPlatformModerator))
            return Decision.Reject(RejectionReason.Forbidden, "Only the circle's owner or a moderator opens a topic.");
        if (string.IsNullOrWhiteSpace(title)) return Decision.Reject(RejectionReason.Invalid, "The title is empty.");
        if (endsAt <= startsAt) return Decision.Reject(RejectionReason.Invalid, "A topic ends after it starts.");
        if (Topics.TryGetValue(topicId, out var existing))
            return SameRequest(existing.Fingerprint, RequestFingerprint.OfTopic(title, description, startsAt, endsAt))
                ? Decision.Unchanged(Seq)
                : KeyReused($"Topic {topicId} was opened with another title, description or dates.");
        return Decision.Persist(new TopicCreated(CircleId, topicId, by, title, description, startsAt, endsAt, at));
    }

    private Decision DecideBan(SetBan ban)
    {
        if (!MayModerate(ban.By, ban.ByPlatformModerator))
            return Decision.Reject(RejectionReason.Forbidden, "Only the circle's owner or a moderator bans.");
        if (ban.Target == OwnerId) return Decision.Reject(RejectionReason.Forbidden, "The circle's owner cannot be banned.");
        return IsBanned(ban.Target) == ban.Banned
            ? Decision.Unchanged(Seq)
            : Decision.Persist(new BanChanged(CircleId, ban.Target, ban.Banned, ban.By, ban.Reason, ban.At));
    }

    /// <summary>Null when a step of the post's ticket is new; otherwise the answer to it. Steps come in the ticket's order
    /// and at least once, so one the post has seen (its seq) changes nothing, nor does any step once the post is removed.</summary>
    private Decision? DecideTicketStep(string postId, TicketId ticketId, long ticketSeq)
    {
        if (!Posts.TryGetValue(postId, out var post)) return UnknownPost(postId);
        if (post.Removed) return Decision.Unchanged(Seq);
        if (post.Ticket is { } link)
        {
            if (link.TicketId != ticketId) return Decision.Reject(RejectionReason.AlreadyExists, $"Post {postId} is ticket {link.TicketId}.");
            if (link.TicketSeq >= ticketSeq) return Decision.Unchanged(Seq);
        }
        return null;
    }

    private static Decision UnknownPost(string postId) => Decision.Reject(RejectionReason.NotFound, $"No post {postId}.");

    public CircleState Apply(ICommunityEvent evt)
    {
        var seq = Seq + 1;
        return (evt switch
        {
            CircleCreated e => this with
            {
                Exists = true, OwnerId = e.OwnerId, Name = e.Name, Description = e.Description, RegionCode = e.RegionCode,
                CreatedAt = e.At,
            },
            MemberAdmitted e => WithMemberCount(e.MemberCount, e.Published, e.At) with { RecentMembershipChanges = Remember(e.AdmissionId) },
            MemberReleased e => WithMemberCount(e.MemberCount, e.Published, e.At) with { RecentMembershipChanges = Remember(e.ReleaseId) },
            MemberCountPublished e => this with { MemberCountPublishedAt = e.At, MemberCountPending = false },
            PostCreated e => this with
            {
                Posts = Posts.Add(e.PostId, new PostState(e.AuthorId, e.TopicId, seq, false, 0, [], default,
                    RequestFingerprint.OfPost(e.Text, e.ImageUrls, e.TopicId))),
                Topics = e.TopicId is { } topicId
                    ? Topics.SetItem(topicId, Topics[topicId] with { Participants = Topics[topicId].Participants.Add(e.AuthorId.Value) })
                    : Topics,
            },
            CommentAdded e => WithPost(e.PostId, post => post with { CommentCount = e.CommentCount }) with
            {
                RecentComments = Comments.Add(new RememberedComment(e.CommentId, e.PostId, e.AuthorId, seq,
                    RequestFingerprint.OfComment(e.Text))),
            },
            LikeChanged e => WithPost(e.PostId, post => post with
            {
                Likers = e.Liked ? post.Likers.Add(e.UserId.Value) : post.Likers.Remove(e.UserId.Value),
                LikeCountPublishedAt = e.Published ? e.At : post.LikeCountPublishedAt,
            }) with
            {
                LikeCountsPending = e.Published ? LikeCountsPending.Remove(e.PostId) : LikeCountsPending.Add(e.PostId),
            },
            LikeCountPublished e => WithPost(e.PostId, post => post with { LikeCountPublishedAt = e.At }) with
            {
                LikeCountsPending = LikeCountsPending.Remove(e.PostId),
            },
            // A removed post keeps its id (a repeat is a no-op) but not its likers.
            PostRemoved e => WithPost(e.PostId, post => post with { Removed = true, Likers = [] }) with
            {
                LikeCountsPending = LikeCountsPending.Remove(e.PostId),
            },
            PostTicketChanged e => WithPost(e.PostId, post => post with { Ticket = new PostTicketLink(e.TicketId, e.TicketSeq, e.Status) }),
            DepartmentReplied e => WithPost(e.PostId, post => post with
            {
                CommentCount = e.CommentCount, Ticket = new PostTicketLink(e.TicketId, e.TicketSeq, TicketStatuses.Answered),
            }),
            TopicCreated e => this with
            {
                Topics = Topics.Add(e.TopicId, new TopicState(e.TopicId, e.Title, e.StartsAt, e.EndsAt, [],
                    RequestFingerprint.OfTopic(e.Title, e.Description, e.StartsAt, e.EndsAt))),
            },
            ModeratorAppointed e => this with { Moderators = Moderators.Add(e.Moderator.Value) },
            BanChanged e => this with { Banned = e.Banned ? Banned.Add(e.Target.Value) : Banned.Remove(e.Target.Value) },
            _ => this,
        }) with { Seq = seq };
    }

    private CircleState WithMemberCount(long count, bool published, DateTimeOffset at) => this with
    {
        MemberCount = count,
        MemberCountPublishedAt = published ? at : MemberCountPublishedAt,
        MemberCountPending = !published,
    };

    private CircleState WithPost(string postId, Func<PostState, PostState> change) =>
        this with { Posts = Posts.SetItem(postId, change(Posts[postId])) };

    private ImmutableList<string> Remember(string changeId)
    {
        var recent = RecentMembershipChanges.Add(changeId);
        return recent.Count > RememberedMembershipChanges ? recent.RemoveAt(0) : recent;
    }

    public LiveEvent? ToLive(ICommunityEvent evt, long seq) => CircleLive.Of(evt, seq);
}

/// <param name="Fingerprint">The <see cref="RequestFingerprint"/> of the comment's text; null when remembered before
/// fingerprints were kept.</param>
public sealed record RememberedComment(string CommentId, string PostId, UserId AuthorId, long Seq, long? Fingerprint = null);

/// <summary>
/// The circle's most recent comments by id, so that a retried comment (same id, derived from the client's
/// Idempotency-Key) is answered with the first one instead of written twice. A retry comes seconds after the first
/// try; older comments are forgotten, so a hot circle's state does not grow with every comment ever written.
/// </summary>
public sealed record RecentComments(ImmutableDictionary<string, RememberedComment> ById, ImmutableQueue<string> Order)
{
    public const int Capacity = 10_000;

    public static readonly RecentComments None = new(ImmutableDictionary<string, RememberedComment>.Empty, []);

    public RememberedComment? Find(string commentId) => ById.GetValueOrDefault(commentId);

    public RecentComments Add(RememberedComment comment)
    {
        var byId = ById.SetItem(comment.CommentId, comment);
        var order = Order.Enqueue(comment.CommentId);
        while (byId.Count > Capacity)
        {
            order = order.Dequeue(out var oldest);
            byId = byId.Remove(oldest);
        }
        return new RecentComments(byId, order);
    }
}
