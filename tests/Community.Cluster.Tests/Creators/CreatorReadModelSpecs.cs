using System.Collections.Immutable;
using System.Text.Json;
using Akka.Persistence.Query;
using Community.Cluster.Creators;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;
using Community.Tests.Shared;

namespace Community.Cluster.Tests.Creators;

/// <summary>The creators read model on each storage: what the two projections write from creator and user events is
/// what the GET routes read (channels, works, reprints, the pool, followers), and a batch applied twice (a retry after a
/// failed commit) changes nothing.</summary>
public abstract class CreatorReadModelSpecs : ProjectionSpec
{
    private readonly CreatorReadModelProjection _creators = new();
    private readonly CreatorFollowersProjection _followers = new();

    private const string Zhejiang = "330000";
    private const string Hangzhou = "330100";
    private const string Xihu = "330106";
    private const string Gongshu = "330105";
    private const string Huzhou = "330500";
    private const string Anji = "330523";

    private static readonly CreatorId XihuMedia = new("cr-xihu");
    private static readonly CreatorId HangzhouMedia = new("cr-hangzhou");
    private static readonly CreatorId AnjiMedia = new("cr-anji");
    private static readonly CreatorId Newcomer = new("cr-newcomer");
    private static readonly UserId Editor = new("u-editor");

    private CreatorReadModel Model => new(Database);

    private EventEnvelope Next(ICreatorEvent evt) => Next(evt, $"creator-{evt.CreatorId.Value}", AreaTagger.TagOf<ICreatorEvent>());

    private EventEnvelope Next(CreatorFollowed evt) => Next(evt, $"user-{evt.UserId.Value}", AreaTagger.TagOf<IUserEvent>());

    private EventEnvelope Next(CreatorUnfollowed evt) => Next(evt, $"user-{evt.UserId.Value}", AreaTagger.TagOf<IUserEvent>());

    private static long PositionOf(EventEnvelope envelope) => ((Sequence)envelope.Offset).Value;

    private Task ApplyAsync(params EventEnvelope[] batch) => ApplyAsync(_creators, batch);

    private static DateTimeOffset At(int minutes) => Samples.At.AddMinutes(minutes);

    private static WorkContent Article(string title, string body) => new(title, body, null, null, []);

    private static string WorkId(CreatorId creator, char letter) => WorkIds.Of(creator, new string(letter, 26));

    private EventEnvelope[] Verified(CreatorId creator, string name, string orgType, string region) =>
    [
        Next(new CreatorRegistered(creator, new UserId($"u-owner-{creator.Value}"), name, orgType, region, Samples.At)),
        Next(new CreatorVerificationDecided(creator, true, "资质齐全", new UserId("u-mod"), At(1))),
    ];

    private EventEnvelope Created(CreatorId creator, string workId, WorkContent content, string region, params string[] tiers) =>
        Next(new WorkCreated(creator, workId, Editor, WorkKinds.Article, content, [.. tiers], region, At(2)));

    private EventEnvelope Published(CreatorId creator, string workId, string region, params string[] tiers) =>
        Next(new WorkPublished(creator, workId, Editor, [.. tiers], region, At(3)));

    private EventEnvelope Reprinted(CreatorId original, string workId, CreatorId reprinter, string reprintId, string name, string region,
        int minutes = 4) =>
        Next(new WorkReprinted(original, workId, reprintId, reprinter, name, region, new UserId($"u-owner-{reprinter.Value}"), At(minutes)));

    private async Task<IReadOnlyList<string>> ChannelIdsAsync(string region) =>
        (await Model.ChannelAsync(region, null, 100, CancellationToken.None)).Select(w => w.WorkId).ToList();

    [Fact]
    public async Task A_published_work_appears_in_the_channels_it_is_routed_to_and_a_draft_in_none()
    {
        var published = WorkId(XihuMedia, 'a');
        var draft = WorkId(XihuMedia, 'b');
        var content = new WorkContent("西湖晨光", "断桥残雪\n\n白堤", "https://v.example.cn/xihu.mp4", "https://img.example.cn/p.jpg",
            [new GalleryImage("https://img.example.cn/1.jpg", "苏堤")]);
        var created = Created(XihuMedia, published, content, Xihu, Tiers.County, Tiers.City);
        var publishedEvent = Published(XihuMedia, published, Xihu, Tiers.County, Tiers.City);
        await ApplyAsync([
            .. Verified(XihuMedia, "西湖发布", OrgTypes.CountyMediaCenter, Xihu),
            created, publishedEvent,
            Created(XihuMedia, draft, Article("草稿", "未完"), Xihu, Tiers.Province),
        ]);

        Assert.Equal([published], await ChannelIdsAsync(Xihu));
        Assert.Equal([published], await ChannelIdsAsync(Hangzhou));
        Assert.Empty(await ChannelIdsAsync(Zhejiang));
        Assert.Empty(await ChannelIdsAsync(Gongshu));

        var listing = Assert.Single(await Model.ChannelAsync(Xihu, null, 10, CancellationToken.None));
        Assert.Equal((XihuMedia.Value, "西湖发布", Xihu, WorkKinds.Article, WorkStatuses.Published, 1),
            (listing.CreatorId, listing.CreatorName, listing.CreatorRegionCode, listing.Kind, listing.Status, listing.Version));
        Assert.Equal((content.Title, content.Body, content.VideoUrl, content.PosterUrl),
            (listing.Content.Title, listing.Content.Body, listing.Content.VideoUrl, listing.Content.PosterUrl));
        Assert.Equal(content.Images.ToArray(), listing.Content.Images.ToArray());
        Assert.Equal([Tiers.County, Tiers.City], listing.TargetTiers.ToArray());
        Assert.Empty(listing.Corrections);
        Assert.Equal((At(2), At(3), At(3)), (listing.CreatedAt, listing.PublishedAt!.Value, listing.UpdatedAt));
        Assert.Equal((null, null, null, 0L), (listing.ReprintOfWorkId, listing.ReprintOfCreatorId, listing.ReprintOfCreatorName, listing.ReprintCount));
        Assert.Equal(PositionOf(publishedEvent), listing.Position);

        var drafted = (await Model.FindWorkAsync(draft, CancellationToken.None))!;
        Assert.Equal((WorkStatuses.Draft, (DateTimeOffset?)null), (drafted.Status, drafted.PublishedAt));
        Assert.Equal([published], (await Model.WorksOfAsync(XihuMedia.Value, false, null, 10, CancellationToken.None)).Select(w => w.WorkId));
        var all = await Model.WorksOfAsync(XihuMedia.Value, true, null, 10, CancellationToken.None);
        Assert.Equal([draft, published], all.Select(w => w.WorkId));
        Assert.Equal(PositionOf(created), all[1].Position);

        var creator = (await Model.FindCreatorAsync(XihuMedia.Value, CancellationToken.None))!;
        Assert.Equal((CreatorStatuses.Verified, "资质齐全", 1L, 0L, 5L), (creator.Status, creator.VerificationReason, creator.Works, creator.Followers, creator.LastSeq));
        Assert.Null(await Model.FindWorkAsync(WorkId(XihuMedia, 'z'), CancellationToken.None));
    }

    [Fact]
    public async Task A_reprint_shows_in_the_reprinters_channels_with_attribution_and_the_originals_corrected_text_and_note()
    {
        var original = WorkId(XihuMedia, 'a');
        var reprint = WorkId(AnjiMedia, 'r');
        var reprinted = Reprinted(XihuMedia, original, AnjiMedia, reprint, "安吉发布", Anji);
        var corrected = new WorkContent("西湖晨光（更正）", "断桥残雪，九点", null, null, []);
        await ApplyAsync([
            .. Verified(XihuMedia, "西湖发布", OrgTypes.CountyMediaCenter, Xihu),
            .. Verified(AnjiMedia, "安吉发布", OrgTypes.CountyMediaCenter, Anji),
            Created(XihuMedia, original, Article("西湖晨光", "断桥残雪，八点"), Xihu, Tiers.County),
            Published(XihuMedia, original, Xihu, Tiers.County),
            reprinted,
        ]);
        await ApplyAsync(Next(new WorkRevised(XihuMedia, original, Editor, 2, corrected, "更正：时间为九点", true, At(10))));

        // Routed from the reprinter's region with the original's tiers: Anji's own county channel only.
        Assert.Equal([reprint], await ChannelIdsAsync(Anji));
        Assert.Empty(await ChannelIdsAsync(Huzhou));
        Assert.Equal([original], await ChannelIdsAsync(Xihu));

        var listing = Assert.Single(await Model.ChannelAsync(Anji, null, 10, CancellationToken.None));
        Assert.Equal((AnjiMedia.Value, "安吉发布", Anji, WorkStatuses.Published, 2),
            (listing.CreatorId, listing.CreatorName, listing.CreatorRegionCode, listing.Status, listing.Version));
        Assert.Equal((original, XihuMedia.Value, "西湖发布"), (listing.ReprintOfWorkId, listing.ReprintOfCreatorId, listing.ReprintOfCreatorName));
        Assert.Equal((corrected.Title, corrected.Body), (listing.Content.Title, listing.Content.Body));
        Assert.Equal([Tiers.County], listing.TargetTiers.ToArray());
        Assert.Equal([new WorkCorrection(2, "更正：时间为九点", At(10))], listing.Corrections.ToArray());
        Assert.Equal((At(4), At(10)), (listing.CreatedAt, listing.UpdatedAt));
        Assert.Equal(PositionOf(reprinted), listing.Position);

        var originalListing = (await Model.FindWorkAsync(original, CancellationToken.None))!;
        Assert.Equal((corrected.Title, 2, 1L), (originalListing.Content.Title, originalListing.Version, originalListing.ReprintCount));
        Assert.Equal([new WorkCorrection(2, "更正：时间为九点", At(10))], originalListing.Corrections.ToArray());
        Assert.Equal(1L, (await Model.FindCreatorAsync(AnjiMedia.Value, CancellationToken.None))!.Works);
        Assert.Equal([reprint], (await Model.WorksOfAsync(AnjiMedia.Value, false, null, 10, CancellationToken.None)).Select(w => w.WorkId));
    }

    [Fact]
    public async Task Reprints_are_counted_and_listed_oldest_first_with_a_cursor()
    {
        var original = WorkId(XihuMedia, 'a');
        await ApplyAsync([
            .. Verified(XihuMedia, "西湖发布", OrgTypes.CountyMediaCenter, Xihu),
            .. Verified(AnjiMedia, "安吉发布", OrgTypes.CountyMediaCenter, Anji),
            .. Verified(HangzhouMedia, "杭州发布", OrgTypes.Institution, Hangzhou),
            Created(XihuMedia, original, Article("西湖晨光", "断桥"), Xihu, Tiers.County, Tiers.City),
            Published(XihuMedia, original, Xihu, Tiers.County, Tiers.City),
            Reprinted(XihuMedia, original, AnjiMedia, WorkId(AnjiMedia, 'r'), "安吉发布", Anji, minutes: 5),
            Reprinted(XihuMedia, original, HangzhouMedia, WorkId(HangzhouMedia, 'r'), "杭州发布", Hangzhou, minutes: 6),
        ]);

        Assert.Equal(2L, (await Model.FindWorkAsync(original, CancellationToken.None))!.ReprintCount);
        var reprints = await Model.ReprintsAsync(original, null, 10, CancellationToken.None);
        Assert.Equal([
            new ReprintListing(WorkId(AnjiMedia, 'r'), AnjiMedia.Value, "安吉发布", Anji, At(5)),
            new ReprintListing(WorkId(HangzhouMedia, 'r'), HangzhouMedia.Value, "杭州发布", Hangzhou, At(6)),
        ], reprints);
        Assert.Equal([WorkId(AnjiMedia, 'r')], (await Model.ReprintsAsync(original, null, 1, CancellationToken.None)).Select(r => r.ReprintId));
        Assert.Equal([WorkId(HangzhouMedia, 'r')],
            (await Model.ReprintsAsync(original, WorkId(AnjiMedia, 'r'), 10, CancellationToken.None)).Select(r => r.ReprintId));
        Assert.Empty(await Model.ReprintsAsync(original, WorkId(HangzhouMedia, 'r'), 10, CancellationToken.None));

        // A city reprinter aiming at the original's county tier reaches each of its counties; the original's city and
        // county channels hold the original (and the city's own reprint).
        Assert.Equal([WorkId(HangzhouMedia, 'r'), original], await ChannelIdsAsync(Hangzhou));
        Assert.Equal([WorkId(HangzhouMedia, 'r'), original], await ChannelIdsAsync(Xihu));
        Assert.Equal([WorkId(HangzhouMedia, 'r')], await ChannelIdsAsync(Gongshu));
        Assert.Equal([WorkId(AnjiMedia, 'r')], await ChannelIdsAsync(Huzhou));
    }

    [Fact]
    public async Task A_withdrawal_leaves_every_channel_and_takes_its_reprints_out_with_it()
    {
        var original = WorkId(HangzhouMedia, 'a');
        var reprint = WorkId(AnjiMedia, 'r');
        await ApplyAsync([
            .. Verified(HangzhouMedia, "杭州发布", OrgTypes.Institution, Hangzhou),
            .. Verified(AnjiMedia, "安吉发布", OrgTypes.CountyMediaCenter, Anji),
            Created(HangzhouMedia, original, Article("亚运", "场馆开放"), Hangzhou, Tiers.County, Tiers.City),
            Published(HangzhouMedia, original, Hangzhou, Tiers.County, Tiers.City),
            Reprinted(HangzhouMedia, original, AnjiMedia, reprint, "安吉发布", Anji),
        ]);
        Assert.Equal([original], await ChannelIdsAsync(Xihu));
        Assert.Equal([reprint], await ChannelIdsAsync(Anji));
        Assert.Equal([reprint], await ChannelIdsAsync(Huzhou));

        await ApplyAsync(Next(new WorkWithdrawn(HangzhouMedia, original, Editor, "信息有误", At(20))));

        foreach (var region in new[] { Zhejiang, Hangzhou, Xihu, Gongshu, "330182", Huzhou, Anji })
            Assert.Empty(await ChannelIdsAsync(region));
        Assert.Equal(WorkStatuses.Withdrawn, (await Model.FindWorkAsync(original, CancellationToken.None))!.Status);
        var withdrawnReprint = (await Model.FindWorkAsync(reprint, CancellationToken.None))!;
        Assert.Equal((WorkStatuses.Withdrawn, original), (withdrawnReprint.Status, withdrawnReprint.ReprintOfWorkId));
        Assert.Empty(await Model.WorksOfAsync(AnjiMedia.Value, false, null, 10, CancellationToken.None));
        Assert.Equal([reprint], (await Model.WorksOfAsync(AnjiMedia.Value, true, null, 10, CancellationToken.None)).Select(w => w.WorkId));
        Assert.Empty(await Model.PoolAsync(null, null, 10, CancellationToken.None));
        Assert.Equal(0L, (await Model.FindCreatorAsync(HangzhouMedia.Value, CancellationToken.None))!.Works);
        Assert.Equal(0L, (await Model.FindCreatorAsync(AnjiMedia.Value, CancellationToken.None))!.Works);
    }

    [Fact]
    public async Task The_pool_holds_published_originals_of_verified_accounts_other_than_the_asking_one()
    {
        var xihuWork = WorkId(XihuMedia, 'a');
        var hangzhouWork = WorkId(HangzhouMedia, 'a');
        var newcomerWork = WorkId(Newcomer, 'a');
        var first = Published(XihuMedia, xihuWork, Xihu, Tiers.County);
        await ApplyAsync([
            .. Verified(XihuMedia, "西湖发布", OrgTypes.CountyMediaCenter, Xihu),
            .. Verified(HangzhouMedia, "杭州发布", OrgTypes.Institution, Hangzhou),
            .. Verified(AnjiMedia, "安吉发布", OrgTypes.CountyMediaCenter, Anji),
            .. Verified(Newcomer, "新来的", OrgTypes.Individual, Xihu),
            Created(XihuMedia, xihuWork, Article("西湖", "湖"), Xihu, Tiers.County),
            first,
            Created(XihuMedia, WorkId(XihuMedia, 'd'), Article("草稿", "未完"), Xihu, Tiers.County),
            Created(HangzhouMedia, hangzhouWork, Article("杭州", "城"), Hangzhou, Tiers.City),
            Published(HangzhouMedia, hangzhouWork, Hangzhou, Tiers.City),
            Created(Newcomer, newcomerWork, Article("个人", "随笔"), Xihu, Tiers.County),
            Published(Newcomer, newcomerWork, Xihu, Tiers.County),
            // The newcomer's verification is revoked after it published.
            Next(new CreatorVerificationDecided(Newcomer, false, "资质过期", new UserId("u-mod"), At(30))),
            Reprinted(XihuMedia, xihuWork, AnjiMedia, WorkId(AnjiMedia, 'r'), "安吉发布", Anji),
        ]);

        Assert.Equal([hangzhouWork, xihuWork], (await Model.PoolAsync(null, null, 10, CancellationToken.None)).Select(w => w.WorkId));
        Assert.Equal([hangzhouWork], (await Model.PoolAsync(XihuMedia.Value, null, 10, CancellationToken.None)).Select(w => w.WorkId));
        Assert.Equal([hangzhouWork, xihuWork], (await Model.PoolAsync(AnjiMedia.Value, null, 10, CancellationToken.None)).Select(w => w.WorkId));
        var page = await Model.PoolAsync(null, null, 1, CancellationToken.None);
        Assert.Equal([xihuWork], (await Model.PoolAsync(null, page[^1].Position, 10, CancellationToken.None)).Select(w => w.WorkId));

        var newcomer = (await Model.FindCreatorAsync(Newcomer.Value, CancellationToken.None))!;
        Assert.Equal((CreatorStatuses.Rejected, "资质过期"), (newcomer.Status, newcomer.VerificationReason));
    }

    [Fact]
    public async Task A_channel_pages_newest_first_by_the_position_it_answers()
    {
        var batch = new List<EventEnvelope>(Verified(XihuMedia, "西湖发布", OrgTypes.CountyMediaCenter, Xihu));
        var works = "abcde".Select(letter => WorkId(XihuMedia, letter)).ToList();
        foreach (var work in works)
        {
            batch.Add(Created(XihuMedia, work, Article(work, "正文"), Xihu, Tiers.County));
            batch.Add(Published(XihuMedia, work, Xihu, Tiers.County));
        }
        await ApplyAsync([.. batch]);

        var seen = new List<string>();
        long? before = null;
        for (var page = 0; page < 4; page++)
        {
            var listings = await Model.ChannelAsync(Xihu, before, 2, CancellationToken.None);
            if (listings.Count == 0) break;
            seen.AddRange(listings.Select(w => w.WorkId));
            before = listings[^1].Position;
        }
        Assert.Equal(Enumerable.Reverse(works), seen);
        Assert.Equal(["e", "d"], (await Model.WorksOfAsync(XihuMedia.Value, false, null, 2, CancellationToken.None)).Select(w => w.WorkId[^1..]));
    }

    [Fact]
    public async Task Followers_are_counted_and_uncounted_even_when_they_come_before_the_account()
    {
        var reader1 = new UserId("u-reader-1");
        var reader2 = new UserId("u-reader-2");
        var follows = new[]
        {
            Next(new CreatorFollowed(reader1, XihuMedia, Samples.At)),
            Next(new CreatorFollowed(reader2, XihuMedia, Samples.At)),
        };
        await ApplyAsync(_followers, follows);
        await ApplyAsync(Verified(XihuMedia, "西湖发布", OrgTypes.CountyMediaCenter, Xihu));
        Assert.Equal(2L, (await Model.FindCreatorAsync(XihuMedia.Value, CancellationToken.None))!.Followers);

        var unfollow = new[]
        {
            Next(new CreatorUnfollowed(reader1, XihuMedia, At(5))),
            Next(new CreatorFollowed(reader1, AnjiMedia, At(5))),
        };
        await ApplyAsync(_followers, unfollow);
        await ApplyAsync(_followers, unfollow);
        Assert.Equal(1L, (await Model.FindCreatorAsync(XihuMedia.Value, CancellationToken.None))!.Followers);
        Assert.False(await Model.IsFollowingAsync(XihuMedia.Value, reader1.Value, CancellationToken.None));
        Assert.True(await Model.IsFollowingAsync(XihuMedia.Value, reader2.Value, CancellationToken.None));
        Assert.True(await Model.IsFollowingAsync(AnjiMedia.Value, reader1.Value, CancellationToken.None));

        await ApplyAsync(_followers, Next(new CreatorFollowed(reader1, XihuMedia, At(9))));
        Assert.Equal(2L, (await Model.FindCreatorAsync(XihuMedia.Value, CancellationToken.None))!.Followers);
    }

    [Fact]
    public async Task Staff_and_the_directory_are_listed_by_id_region_and_status()
    {
        await ApplyAsync([
            .. Verified(XihuMedia, "西湖发布", OrgTypes.CountyMediaCenter, Xihu),
            .. Verified(AnjiMedia, "安吉发布", OrgTypes.CountyMediaCenter, Anji),
            Next(new CreatorRegistered(Newcomer, new UserId("u-new"), "新来的", OrgTypes.Individual, Xihu, Samples.At)),
            Next(new StaffAdded(XihuMedia, Editor, new UserId("u-owner-cr-xihu"), At(2))),
            Next(new StaffAdded(AnjiMedia, Editor, new UserId("u-owner-cr-anji"), At(2))),
            Next(new StaffAdded(XihuMedia, new UserId("u-intern"), new UserId("u-owner-cr-xihu"), At(2))),
            Next(new StaffRemoved(XihuMedia, new UserId("u-intern"), new UserId("u-owner-cr-xihu"), At(3))),
        ]);

        Assert.Equal(["u-editor", "u-owner-cr-xihu"], await Model.StaffAsync(XihuMedia.Value, CancellationToken.None));
        Assert.Equal([AnjiMedia.Value, XihuMedia.Value], (await Model.StaffedByAsync(Editor.Value, CancellationToken.None)).Select(c => c.CreatorId));
        Assert.Empty(await Model.StaffedByAsync("u-intern", CancellationToken.None));
        Assert.Equal([Newcomer.Value], (await Model.StaffedByAsync("u-new", CancellationToken.None)).Select(c => c.CreatorId));

        Assert.Equal([AnjiMedia.Value, Newcomer.Value, XihuMedia.Value],
            (await Model.ListCreatorsAsync(null, null, null, 10, CancellationToken.None)).Select(c => c.CreatorId));
        Assert.Equal([Newcomer.Value, XihuMedia.Value], (await Model.ListCreatorsAsync(Xihu, null, null, 10, CancellationToken.None)).Select(c => c.CreatorId));
        Assert.Equal([XihuMedia.Value],
            (await Model.ListCreatorsAsync(Xihu, CreatorStatuses.Verified, null, 10, CancellationToken.None)).Select(c => c.CreatorId));
        Assert.Equal([XihuMedia.Value],
            (await Model.ListCreatorsAsync(null, null, Newcomer.Value, 10, CancellationToken.None)).Select(c => c.CreatorId));

        var newcomer = (await Model.FindCreatorAsync(Newcomer.Value, CancellationToken.None))!;
        Assert.Equal(new CreatorListing(Newcomer.Value, "新来的", OrgTypes.Individual, Xihu, CreatorStatuses.Pending, null, "u-new", 0, 0, Samples.At, 1),
            newcomer);
    }

    [Fact]
    public async Task A_batch_applied_again_changes_nothing()
    {
        var original = WorkId(XihuMedia, 'a');
        var withdrawn = WorkId(XihuMedia, 'w');
        EventEnvelope[] batch =
        [
            .. Verified(XihuMedia, "西湖发布", OrgTypes.CountyMediaCenter, Xihu),
            .. Verified(AnjiMedia, "安吉发布", OrgTypes.CountyMediaCenter, Anji),
            Next(new StaffAdded(XihuMedia, Editor, new UserId("u-owner-cr-xihu"), At(1))),
            Created(XihuMedia, original, Article("西湖晨光", "八点"), Xihu, Tiers.County, Tiers.City),
            Published(XihuMedia, original, Xihu, Tiers.County, Tiers.City),
            Reprinted(XihuMedia, original, AnjiMedia, WorkId(AnjiMedia, 'r'), "安吉发布", Anji),
            Next(new WorkRevised(XihuMedia, original, Editor, 2, Article("西湖晨光", "九点"), "更正时间", true, At(10))),
            Created(XihuMedia, withdrawn, Article("撤回", "错"), Xihu, Tiers.County),
            Published(XihuMedia, withdrawn, Xihu, Tiers.County),
            Next(new WorkWithdrawn(XihuMedia, withdrawn, Editor, "错", At(11))),
        ];
        var follows = new[] { Next(new CreatorFollowed(new UserId("u-reader"), XihuMedia, At(12))) };
        await ApplyAsync(batch);
        await ApplyAsync(_followers, follows);
        var first = await SnapshotAsync();

        await ApplyAsync(batch);
        await ApplyAsync(_followers, follows);

        Assert.Equal(first, await SnapshotAsync());
        var work = (await Model.FindWorkAsync(original, CancellationToken.None))!;
        Assert.Equal((1L, 2), (work.ReprintCount, work.Version));
        Assert.Single(work.Corrections);
        Assert.Single(await Model.ReprintsAsync(original, null, 10, CancellationToken.None));
        var creator = (await Model.FindCreatorAsync(XihuMedia.Value, CancellationToken.None))!;
        Assert.Equal((1L, 1L, 10L), (creator.Works, creator.Followers, creator.LastSeq));
        Assert.Equal([WorkId(AnjiMedia, 'r')], await ChannelIdsAsync(Anji));
        Assert.Equal([original], await ChannelIdsAsync(Xihu));
    }

    /// <summary>Everything the queries answer, as JSON (listings hold immutable arrays, which compare by reference).</summary>
    private async Task<string> SnapshotAsync()
    {
        var model = Model;
        var none = CancellationToken.None;
        var creators = await model.ListCreatorsAsync(null, null, null, 100, none);
        var works = new List<object>();
        foreach (var creator in creators)
        {
            works.Add(await model.WorksOfAsync(creator.CreatorId, true, null, 100, none));
            works.Add(await model.StaffAsync(creator.CreatorId, none));
        }
        var channels = new List<object>();
        foreach (var region in new[] { Zhejiang, Hangzhou, Xihu, Gongshu, Huzhou, Anji })
            channels.Add(await model.ChannelAsync(region, null, 100, none));
        var reprints = await model.ReprintsAsync(WorkId(XihuMedia, 'a'), null, 100, none);
        var pool = await model.PoolAsync(null, null, 100, none);
        return JsonSerializer.Serialize(new object[] { creators, works, channels, reprints, pool });
    }
}

public sealed class SqliteCreatorReadModelSpecs : CreatorReadModelSpecs
{
    protected override StorageOptions Storage { get; } = new();
}

/// <summary>Needs COMMUNITY_TEST_POSTGRES (ops/test.sh sets it).</summary>
public sealed class PostgresCreatorReadModelSpecs : CreatorReadModelSpecs
{
    private readonly PostgresDatabase _postgres = new();

    protected override StorageOptions Storage => new() { Provider = StorageOptions.Postgres, ConnectionString = _postgres.ConnectionString };

    public override Task InitializeAsync() => _postgres.InitializeAsync();

    public override async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await base.DisposeAsync();
    }
}
