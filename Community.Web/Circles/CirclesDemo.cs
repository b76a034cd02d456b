using Community.Cluster.Circles;
using Community.Cluster.Regions;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Web.Demo;
using Community.Web.Users;

namespace Community.Web.Circles;

/// <summary>The seed's interest circles with topics, posts, comments and likes, owned by the demo admin; the demo
/// readers are members of every one.</summary>
public sealed class CirclesDemo(CircleMembership membership, UserIds ids) : IDemoData
{
    public sealed record DemoCircle(string CircleId, string Name, string Description, string RegionCode);

    /// <summary>A first post, so a new reader sees a living feed; <paramref name="TopicId"/> joins a demo topic.</summary>
    public sealed record DemoPost(string CircleId, string PostId, string AuthorUserName, string Text, string? TopicId = null);

    /// <summary>A topic activity opened by the circles' owner, open from a day before the first seeding for a month.</summary>
    public sealed record DemoTopic(string CircleId, string TopicId, string Title, string Description);

    public sealed record DemoComment(string CircleId, string PostId, string CommentId, string AuthorUserName, string Text);

    public sealed record DemoLike(string CircleId, string PostId, string UserName);

    public static readonly IReadOnlyList<DemoCircle> Circles =
    [
        new("c-photography", "好摄之友", "Friends of good photography: share your shots of Zhejiang.", RegionCatalog.ProvinceCode),
        new("c-late-tide", "晚潮", "Late tide: evening talk on the day's news.", RegionCatalog.ProvinceCode),
        new("c-money-news", "钱报朋友圈", "Money news friends circle: markets, companies, household finance.", RegionCatalog.ProvinceCode),
        new("c-koushui-housing", "口水楼市", "Koushui housing market: Hangzhou's homes, rents and policies.", "330100"),
        new("c-foodie", "吃货圈", "Foodie circle: where to eat, what to cook.", "330100"),
        new("c-running", "跑团圈", "Running group circle: routes, races and training partners.", RegionCatalog.ProvinceCode),
        new("c-campus", "校园新探索", "Campus new exploration: schools, students and new ideas.", RegionCatalog.ProvinceCode),
    ];

    public static readonly IReadOnlyList<DemoTopic> Topics =
    [
        new("c-running", "t-demo-weekend-10k", "周末十公里", "晒出你这个周末的十公里：路线、配速和沿途的风景。"),
        new("c-photography", "t-demo-autumn-lake", "秋日西湖", "Autumn by the lake: 拍下你眼中的西湖秋色，苏堤、白堤、孤山都行。"),
    ];

    public static readonly IReadOnlyList<DemoPost> Posts =
    [
        new("c-photography", "p-demo-sudi-ginkgo", "creator-lens", "苏堤的银杏一夜之间全黄了。Golden hour at 4:50, bring a long lens.",
            "t-demo-autumn-lake"),
        new("c-running", "p-demo-lakeside", "reader-hz", "Lakeside 10K this morning: 北山路 → 杨公堤 → 南山路, 52 分钟, legs still fine.",
            "t-demo-weekend-10k"),
        new("c-money-news", "p-demo-rates", "reader-hz", "存款利率又降了一点，大家的闲钱都放哪儿？Deposits, bond funds or gold?"),
        new("c-koushui-housing", "p-demo-rent", "reader-hz", "滨江两居室的房租又涨了：5,800 元一个月。你们那边呢？"),
        new("c-campus", "p-demo-robotics", "reader-deqing", "德清一中的机器人队 won the provincial round! 为孩子们点赞。"),
        new("c-foodie", "p-demo-fish-head", "reader-deqing", "下渚湖的鱼头汤: worth the drive from 杭州, go before noon."),
        new("c-late-tide", "p-demo-night-market", "reader-yiwu", "义乌小商品城 opens a night market for the holidays. 有人去过了吗？"),
        new("c-photography", "p-demo-xihu-dawn", "reader-hz", "断桥残雪 at 6:40 this morning, the lake was glass. 早起的人有福了。"),
        new("c-photography", "p-demo-anji", "reader-deqing", "安吉的竹海 after the rain: greener than any filter."),
        new("c-foodie", "p-demo-pian-er-chuan", "reader-hz", "片儿川 at the corner of 文三路: still 18 元, still the best."),
        new("c-running", "p-demo-yiwu-10k", "reader-yiwu", "Sunday 10 km along 义乌江, pace 5:30, who's in? 周日一起跑！"),
        new("c-late-tide", "p-demo-evening", "reader-deqing", "今晚聊聊：your county's biggest news this week?"),
        // Turned into a help ticket by the help tickets demo (the feed ↔ queue bridge).
        new("c-koushui-housing", StreetlightPostId, "reader-hz", StreetlightPostText),
    ];

    public const string StreetlightPostId = "p-demo-streetlight";

    public const string StreetlightPostText = "古墩路小区门口的路灯坏了两周\n晚上下班回来一片漆黑，老人孩子出门都不方便，物业说不归他们管。";

    public static readonly IReadOnlyList<DemoComment> Comments =
    [
        new("c-running", "p-demo-yiwu-10k", "m-demo-yiwu-10k-1", "reader-hz", "算我一个！6 点江滨公园门口见？"),
        new("c-running", "p-demo-yiwu-10k", "m-demo-yiwu-10k-2", "reader-deqing", "下周我也去，pace 6:00 跟得上吗？"),
        new("c-photography", "p-demo-xihu-dawn", "m-demo-xihu-dawn-1", "reader-deqing", "太美了，下次早起叫上我。"),
        new("c-photography", "p-demo-sudi-ginkgo", "m-demo-sudi-ginkgo-1", "reader-hz", "周六去，希望叶子还在。"),
        new("c-foodie", "p-demo-pian-er-chuan", "m-demo-pian-er-chuan-1", "reader-yiwu", "明天中午就去试试。"),
        new("c-late-tide", "p-demo-evening", "m-demo-evening-1", "reader-hz", "杭州地铁十号线的延伸段今天开通了。"),
    ];

    public static readonly IReadOnlyList<DemoLike> Likes =
    [
        new("c-photography", "p-demo-xihu-dawn", "reader-deqing"),
        new("c-photography", "p-demo-xihu-dawn", "reader-yiwu"),
        new("c-photography", "p-demo-xihu-dawn", "creator-lens"),
        new("c-photography", "p-demo-sudi-ginkgo", "reader-hz"),
        new("c-photography", "p-demo-sudi-ginkgo", "reader-deqing"),
        new("c-running", "p-demo-yiwu-10k", "reader-hz"),
        new("c-running", "p-demo-yiwu-10k", "reader-deqing"),
        new("c-running", "p-demo-lakeside", "reader-yiwu"),
        new("c-foodie", "p-demo-pian-er-chuan", "reader-deqing"),
        new("c-foodie", "p-demo-pian-er-chuan", "reader-yiwu"),
        new("c-campus", "p-demo-robotics", "reader-hz"),
        new("c-late-tide", "p-demo-evening", "reader-yiwu"),
    ];

    /// <summary>Demo readers join every circle so they can post, comment and like at once.</summary>
    private static readonly string[] Members = ["admin", "reader-hz", "reader-deqing", "reader-yiwu", "creator-xihu", "creator-lens"];

    public int Steps => Circles.Count + Topics.Count + Posts.Count + Comments.Count + Likes.Count;

    public async Task SeedAsync(DemoSeeding seeding, CancellationToken stoppingToken)
    {
        var created = 0;
        var owner = ids.Of("admin");
        foreach (var circle in Circles)
        {
            created += await seeding.EnsureAsync<CircleRegion>(new CreateCircle(new CircleId(circle.CircleId), owner, circle.Name,
                circle.Description, circle.RegionCode, seeding.Clock.GetUtcNow()), stoppingToken) ? 1 : 0;
            foreach (var member in Members)
                if (await membership.JoinAsync(new CircleId(circle.CircleId), ids.Of(member), stoppingToken) is { } refused)
                    throw new InvalidOperationException($"Demo seed join of {circle.CircleId}: {refused.Detail}");
            seeding.Step();
        }
        var firstSeeding = created > 0;
        foreach (var topic in Topics)
        {
            // A restart's repeat has other dates, so the circle refuses it as the id reused for another request, and
            // the first dates stay.
            var now = seeding.Clock.GetUtcNow();
            // The owner (a member, joined above) opens it as a member, through its user entity.
            await seeding.EnsureAsync<UserRegion>(new OpenTopic(owner, new CircleId(topic.CircleId), topic.TopicId, topic.Title,
                topic.Description, now.AddDays(-1), now.AddDays(30), now), stoppingToken, firstStays: true);
            seeding.Step();
        }
        foreach (var post in Posts)
        {
            // Sent through the author's user entity like any post; a repeat with the same id is acknowledged, not doubled.
            await seeding.EnsureAsync<UserRegion>(new CreatePost(ids.Of(post.AuthorUserName), new CircleId(post.CircleId), post.PostId, "",
                post.Text, [], post.TopicId, seeding.Clock.GetUtcNow()), stoppingToken);
            seeding.Step();
        }
        foreach (var comment in Comments)
        {
            // A circle remembers recent comment ids only (its newest 10,000), so comments are written on the first
            // seeding alone: a restart of a busy demo node must not add them again.
            if (firstSeeding)
                await seeding.EnsureAsync<UserRegion>(new AddComment(ids.Of(comment.AuthorUserName), new CircleId(comment.CircleId),
                    comment.PostId, comment.CommentId, "", comment.Text, seeding.Clock.GetUtcNow()), stoppingToken);
            seeding.Step();
        }
        foreach (var like in Likes)
        {
            // Likes are idempotent per user for good: a repeat changes nothing.
            await seeding.EnsureAsync<UserRegion>(new SetLike(ids.Of(like.UserName), new CircleId(like.CircleId), like.PostId, true,
                seeding.Clock.GetUtcNow()), stoppingToken);
            seeding.Step();
        }
    }
}
