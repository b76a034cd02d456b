using Community.Cluster.Creators;
using Community.Cluster.Users;
using Community.Contracts.Behavior;
using Community.Contracts.Users;
using Community.Recommender.Behavior;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Web.Demo;
using Community.Web.Http;
using Community.Web.Users;

namespace Community.Web.Creators;

/// <summary>The demo creator accounts, one per tier and more, verified by the demo moderator, with works of every kind
/// aimed at several tiers, a reprint through the alliance and a correction that the reprint follows; readers' views of
/// the last two weeks and likes, so the dashboards have numbers; and two operators' tasks, one the county account has
/// already reached (completed on the stats publisher's first tick) and one in progress for every account.</summary>
public sealed class CreatorsDemo(UserIds ids, BehaviorLog behavior, CreatorStatsReadModel stats) : IDemoData
{
    public sealed record DemoCreator(string CreatorId, string OwnerUserName, string Name, string OrgType, string RegionCode);

    public sealed record DemoWork(string CreatorId, string Name, string Kind, WorkContent Content, string[] TargetTiers);

    public static readonly IReadOnlyList<DemoCreator> Creators =
    [
        new("cr-xihu", "creator-xihu", "西湖发布", OrgTypes.CountyMediaCenter, "330106"),
        new("cr-hzdaily", "creator-hz", "杭州日报", OrgTypes.Institution, "330100"),
        new("cr-zjnews", "creator-zj", "浙江新闻", OrgTypes.Institution, RegionCatalog.ProvinceCode),
        new("cr-lens", "creator-lens", "光影浙江", OrgTypes.Individual, RegionCatalog.ProvinceCode),
    ];

    public static readonly IReadOnlyList<DemoWork> Works =
    [
        new("cr-xihu", "longjing", WorkKinds.Article, new WorkContent("龙井村春茶开采，茶农迎来丰收季",
            "清明前后，西湖区龙井村的茶园里一片忙碌。\n\n今年气温回升早，头采比往年提前了五天，茶农们说品质和产量都好于去年。", null, null, []),
            [Tiers.County, Tiers.City]),
        new("cr-hzdaily", "metro", WorkKinds.Gallery, new WorkContent("杭州地铁新线开通首日", "一组图片带你看新线各站。", null, null,
            [new GalleryImage("https://example.org/demo/metro-1.jpg", "换乘站大厅"), new GalleryImage("https://example.org/demo/metro-2.jpg", "首班列车")]),
            [Tiers.City, Tiers.County]),
        new("cr-zjnews", "summit", WorkKinds.Article, new WorkContent("全省县级融媒体中心工作会议召开",
            "会议总结了一年来的建设成果，部署下一阶段的内容共享与协同传播。", null, null, []), [Tiers.Province]),
        new("cr-lens", "qiantang", WorkKinds.Video, new WorkContent("钱塘江大潮延时摄影", "秋分前后的钱塘江大潮，延时拍摄三小时。",
            "https://example.org/demo/qiantang.mp4", "https://example.org/demo/qiantang.jpg", []), [Tiers.Province]),
    ];

    public int Steps => Creators.Count + Works.Count + 4;

    /// <summary>The demo readers who like every demo work.</summary>
    private static readonly string[] Readers = ["reader-hz", "reader-deqing", "reader-yiwu"];

    private const int ViewsPerWork = 120;

    public static string WorkIdOf(string creatorId, string name) =>
        WorkIds.Of(new CreatorId(creatorId), IdempotencyKey.NewId("w", "demo", creatorId, name)[2..]);

    public async Task SeedAsync(DemoSeeding seeding, CancellationToken cancellationToken)
    {
        var moderator = ids.Of("moderator");
        var created = new List<string>();
        foreach (var creator in Creators)
        {
            var creatorId = new CreatorId(creator.CreatorId);
            await seeding.EnsureAsync<CreatorRegion>(new RegisterCreator(creatorId, ids.Of(creator.OwnerUserName), creator.Name,
                creator.OrgType, creator.RegionCode, seeding.Clock.GetUtcNow()), cancellationToken);
            await seeding.EnsureAsync<CreatorRegion>(new DecideVerification(creatorId, true, "Demo account, documents checked.", moderator,
                seeding.Clock.GetUtcNow()), cancellationToken);
            seeding.Step();
        }
        foreach (var work in Works)
        {
            var owner = ids.Of(Creators.Single(c => c.CreatorId == work.CreatorId).OwnerUserName);
            var workId = WorkIdOf(work.CreatorId, work.Name);
            // Views only with the work's first creation: a restart adds none.
            if (await seeding.EnsureAsync<CreatorRegion>(new CreateWork(new CreatorId(work.CreatorId), workId, owner,
                    work.Kind, work.Content, [.. work.TargetTiers], true, seeding.Clock.GetUtcNow()), cancellationToken, firstStays: true))
                created.Add(workId);
            foreach (var reader in Readers)
                await seeding.EnsureAsync<UserRegion>(new LikeWork(ids.Of(reader), workId, true, seeding.Clock.GetUtcNow()), cancellationToken);
            seeding.Step();
        }

        // The city's daily reprints the county's tea harvest, and the county then corrects it: the reprint follows.
        var longjing = WorkIdOf("cr-xihu", "longjing");
        await seeding.EnsureAsync<CreatorRegion>(new ReprintWork(new CreatorId("cr-hzdaily"), WorkIdOf("cr-hzdaily", "reprint-longjing"),
            new CreatorId("cr-xihu"), longjing, ids.Of("creator-hz"), seeding.Clock.GetUtcNow()), cancellationToken);
        seeding.Step();
        var original = Works[0].Content;
        await seeding.EnsureAsync<CreatorRegion>(new ReviseWork(new CreatorId("cr-xihu"), longjing, ids.Of("creator-xihu"),
            original with { Body = original.Body.Replace("五天", "一周") }, "头采提前的天数更正为一周。", seeding.Clock.GetUtcNow()),
            cancellationToken);
        seeding.Step();

        // Views count for works the stats know (readers view what the channels show): once each new work is there.
        foreach (var workId in created)
        {
            for (var tries = 0; tries < 300 && (await stats.WorkAsync(workId, null, cancellationToken)).Stats is null; tries++)
                await Task.Delay(100, cancellationToken);
            await behavior.AppendAsync(ViewsOf(workId, seeding.Clock.GetUtcNow()), cancellationToken);
        }

        var now = seeding.Clock.GetUtcNow();
        await seeding.EnsureAsync<TaskRegion>(new DefineTask(new TaskTerms(IdempotencyKey.NewId("task", "demo", "moderator", "county-works"),
                "县级融媒本月发稿", TaskMetrics.Works, 1, now.AddDays(-1), now.AddDays(29), new TaskReward(50, new TaskBoost(1.5, now.AddDays(7))),
                new TaskAudience([Tiers.County], ["330106"])), moderator, now), cancellationToken, firstStays: true);
        seeding.Step();
        await seeding.EnsureAsync<TaskRegion>(new DefineTask(new TaskTerms(IdempotencyKey.NewId("task", "demo", "moderator", "weekly-views"),
                "本周阅读破千", TaskMetrics.Views, 1000, now.AddDays(-1), now.AddDays(6), new TaskReward(100, new TaskBoost(2, now.AddDays(14))),
                new TaskAudience([], [])), moderator, now), cancellationToken, firstStays: true);
        seeding.Step();
    }

    // Views spread over the last 14 days, more recently than long ago, deterministic per work.
    private static List<BehaviorRecord> ViewsOf(string workId, DateTimeOffset now)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(workId) & 0x7fffffff);
        var nowMs = now.ToUnixTimeMilliseconds();
        return [.. Enumerable.Range(0, ViewsPerWork).Select(i =>
        {
            var daysAgo = Math.Pow(random.NextDouble(), 2) * 14;
            var at = nowMs - (long)(daysAgo * 86_400_000);
            return new BehaviorRecord(at, nowMs, null, i % 10 == 0 ? BehaviorKinds.Share : BehaviorKinds.View, BehaviorItemKinds.Work, workId, null);
        })];
    }
}
