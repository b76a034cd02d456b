using System.Text.Json;
using Community.Contracts.Circles;
using Community.Contracts.Common;

namespace Community.Cluster.Circles;

/// <summary>
/// The <c>circleEvent</c>s of API.md, made from the circle's events alone (no state), so the backlog of a rejoining
/// client can be read from any seq of the journal and says exactly what the live feed said.
/// </summary>
public static class CircleLive
{
    public const string PostCreated = "postCreated";
    public const string CommentAdded = "commentAdded";
    public const string LikeChanged = "likeChanged";
    public const string PostRemoved = "postRemoved";
    public const string TopicCreated = "topicCreated";
    public const string MembersChanged = "membersChanged";
    public const string TicketChanged = "ticketChanged";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LiveEvent? Of(ICommunityEvent evt, long seq) => evt switch
    {
        Contracts.Circles.PostCreated e => Live(e.CircleId, seq, PostCreated, new
        {
            postId = e.PostId, authorId = e.AuthorId.Value, authorName = e.AuthorName, text = e.Text, imageUrls = e.ImageUrls,
            topicId = e.TopicId, createdAt = e.At, likeCount = 0, commentCount = 0,
        }),
        Contracts.Circles.CommentAdded e => Live(e.CircleId, seq, CommentAdded, new
        {
            postId = e.PostId, commentId = e.CommentId, authorId = e.AuthorId.Value, authorName = e.AuthorName, text = e.Text,
            createdAt = e.At, commentCount = e.CommentCount,
        }),
        Contracts.Circles.LikeChanged { Published: true } e => Live(e.CircleId, seq, LikeChanged, new { postId = e.PostId, likeCount = e.LikeCount }),
        LikeCountPublished e => Live(e.CircleId, seq, LikeChanged, new { postId = e.PostId, likeCount = e.LikeCount }),
        MemberAdmitted { Published: true } e => Live(e.CircleId, seq, MembersChanged, new { memberCount = e.MemberCount }),
        MemberReleased { Published: true } e => Live(e.CircleId, seq, MembersChanged, new { memberCount = e.MemberCount }),
        MemberCountPublished e => Live(e.CircleId, seq, MembersChanged, new { memberCount = e.MemberCount }),
        // The department's public answer is a comment under the post, marked as the department's.
        DepartmentReplied e => Live(e.CircleId, seq, CommentAdded, new
        {
            postId = e.PostId, commentId = e.CommentId, authorId = e.DepartmentId, authorName = e.DepartmentName, text = e.Text,
            createdAt = e.At, commentCount = e.CommentCount, department = new { departmentId = e.DepartmentId, ticketId = e.TicketId.Value },
        }),
        PostTicketChanged e => Live(e.CircleId, seq, TicketChanged, new
        {
            postId = e.PostId, ticketId = e.TicketId.Value, status = e.Status, departmentId = e.DepartmentId, resolution = e.Resolution,
        }),
        Contracts.Circles.PostRemoved e => Live(e.CircleId, seq, PostRemoved, new { postId = e.PostId }),
        Contracts.Circles.TopicCreated e => Live(e.CircleId, seq, TopicCreated, new
        {
            topicId = e.TopicId, title = e.Title, description = e.Description, startsAt = e.StartsAt, endsAt = e.EndsAt,
        }),
        _ => null,
    };

    private static LiveEvent Live(CircleId circleId, long seq, string kind, object data) =>
        new(LiveChannel.Circle, circleId.Value, seq, kind, JsonSerializer.Serialize(data, Json));
}
