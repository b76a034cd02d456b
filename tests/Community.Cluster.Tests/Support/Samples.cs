using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Support;

/// <summary>Commands with realistic content from the network the product serves (Zhejiang region codes, Chinese
/// names), so that what is persisted looks like production data.</summary>
public static class Samples
{
    /// <summary>China Standard Time: offsets must survive the journal, not only UTC instants.</summary>
    public static readonly DateTimeOffset At = new(2026, 11, 23, 9, 30, 15, 123, TimeSpan.FromHours(8));

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static RegisterUser Register(string userId, string userName = "xiaoming") =>
        new(new UserId(userId), userName, "AQAAAAIAAYagAAAAE+hash", "小明", "330106", At);

    public static UpdateProfile Profile(string userId, string? displayName, string? regionCode = null) =>
        new(new UserId(userId), displayName, regionCode, At.AddMinutes(5));

    public static GrantRole Grant(string userId, string role, string? departmentId = null) =>
        new(new UserId(userId), role, departmentId, new UserId("u-admin"), At.AddHours(1));

    public static CreateCircle Circle(string circleId, string name = "好摄之友") =>
        new(new CircleId(circleId), new UserId("u-owner"), name, "friends of good photography: 西湖 at dawn", "330100", At);

    public static RegisterCreator Creator(string creatorId, string orgType = OrgTypes.CountyMediaCenter) =>
        new(new CreatorId(creatorId), new UserId("u-anji"), "安吉发布", orgType, "330523", At);

    /// <summary>A citizen's ticket about roads in Xihu (handled by its roads department, supervised by Hangzhou's and
    /// the province's), public without the name, due for review a day after <see cref="At"/>.</summary>
    public static FileTicket Ticket(string ticketId, string kind = TicketKinds.Help, GeoLocation? location = null) =>
        new(new TicketId(ticketId), new UserId("u-citizen"), "市民小王", kind, "路灯不亮", "文三路 the street lights have been out for a week",
            "330106", "roads", location ?? new GeoLocation(30.2741, 120.1551, "文三路 12号"), new TicketContact("13800000000"),
            new TicketPrivacy(true, false), null, At.AddDays(1), At);

    public static CreatePost Post(string circleId, string userId, string postId, string text = "断桥残雪 this morning", string? topicId = null,
        DateTimeOffset? at = null) =>
        new(new UserId(userId), new CircleId(circleId), postId, "", text, ["https://img.example.cn/xihu.jpg"], topicId, at ?? At.AddMinutes(10));

    public static AddComment Comment(string circleId, string userId, string postId, string commentId, string text = "好美！") =>
        new(new UserId(userId), new CircleId(circleId), postId, commentId, "", text, At.AddMinutes(11));

    public static SetLike Like(string circleId, string userId, string postId, bool liked = true, DateTimeOffset? at = null) =>
        new(new UserId(userId), new CircleId(circleId), postId, liked, at ?? At.AddMinutes(12));

    /// <summary>A topic opened by a member (the owner by default), as its user entity forwards it.</summary>
    public static OpenTopic Topic(string circleId, string topicId, string by = "u-owner", DateTimeOffset? startsAt = null,
        DateTimeOffset? endsAt = null) =>
        new(new UserId(by), new CircleId(circleId), topicId, "#西湖晨光#", "photos of the lake before 7 am",
            startsAt ?? At, endsAt ?? At.AddDays(7), At.AddMinutes(1));

    /// <summary>A topic opened by a platform moderator, straight to the circle (no membership needed).</summary>
    public static CreateTopic ModeratorTopic(string circleId, string topicId, string by = "u-platform-mod") =>
        new(new CircleId(circleId), topicId, new UserId(by), true, "#西湖晨光#", "photos of the lake before 7 am",
            At, At.AddDays(7), At.AddMinutes(1));

    public static SetBan Ban(string circleId, string target, bool banned = true, string by = "u-owner") =>
        new(new CircleId(circleId), new UserId(target), banned, new UserId(by), false, "spam", At.AddMinutes(20));
}
