using System.Collections.Concurrent;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Community.Cluster.Creators;
using Community.Cluster.Entities;
using Community.Cluster.Tests.Hosting;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Creators;

/// <summary>The creator relay on a real node (SQLite journal): what the original's account records reaches the
/// reprinter's account, and staff get the creator role, without anyone asking twice.</summary>
public sealed class CreatorRelaySpecs(HostedNode node) : IClassFixture<HostedNode>
{
    [Fact]
    public async Task A_reprint_recorded_at_the_original_is_mirrored_by_the_reprinter_and_told_on_its_live_stream()
    {
        var (original, reprinter) = (Samples.NewId("cr"), Samples.NewId("cr"));
        await SetUpAsync(original, Samples.NewId("u"), "安吉发布", "330523");
        var reprinterOwner = Samples.NewId("u");
        await SetUpAsync(reprinter, reprinterOwner, "湖州发布", "330500");
        var live = await FollowAsync(reprinter);
        var (workId, reprintId) = await PublishAndReprintAsync(original, reprinter, reprinterOwner);

        var updated = await NextLiveAsync(live, CreatorLive.ReprintUpdated);
        Assert.Equal((reprintId, workId, 1, false), Read(updated));
        // The reprinter's account now holds the reprint: its id names no new work, and it follows its original.
        var reused = Assert.IsType<CommandRejected>(await node.Gateway.SendAsync<CreatorRegion>(
            CreatorSamples.Article(reprinter, reprintId, reprinterOwner, publish: false)));
        Assert.Equal(RejectionReason.IdempotencyKeyReused, reused.Reason);
    }

    [Fact]
    public async Task A_correction_and_then_the_withdrawal_of_the_original_reach_the_reprinter_in_order()
    {
        var (original, reprinter) = (Samples.NewId("cr"), Samples.NewId("cr"));
        var originalOwner = Samples.NewId("u");
        await SetUpAsync(original, originalOwner, "安吉发布", "330523");
        var reprinterOwner = Samples.NewId("u");
        await SetUpAsync(reprinter, reprinterOwner, "湖州发布", "330500");
        var live = await FollowAsync(reprinter);
        var (workId, reprintId) = await PublishAndReprintAsync(original, reprinter, reprinterOwner);
        Assert.Equal((reprintId, workId, 1, false), Read(await NextLiveAsync(live, CreatorLive.ReprintUpdated)));

        Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<CreatorRegion>(new ReviseWork(new CreatorId(original), workId,
            new UserId(originalOwner), CreatorSamples.Text with { Body = "更正后的正文" }, "更正：采摘时间为清明前", Samples.At.AddHours(3))));
        var corrected = await NextLiveAsync(live, CreatorLive.ReprintUpdated);
        Assert.Equal((reprintId, workId, 2, false), Read(corrected));
        Assert.Equal("更正：采摘时间为清明前", Data(corrected).GetProperty("note").GetString());

        Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<CreatorRegion>(new WithdrawWork(new CreatorId(original), workId,
            new UserId(originalOwner), "版权问题", Samples.At.AddHours(4))));
        Assert.Equal((reprintId, workId, 2, true), Read(await NextLiveAsync(live, CreatorLive.ReprintUpdated)));

        // The reprinter's journal holds exactly the three mirrors, in the original's order (the live backlog a
        // rejoining dashboard reads says the same).
        var backlog = await LiveBacklog.ReadAsync(node.System, $"{CreatorEntity.Kind}-{reprinter}", 0, long.MaxValue, CreatorLive.Of);
        Assert.Equal([(reprintId, workId, 1, false), (reprintId, workId, 2, false), (reprintId, workId, 2, true)],
            backlog.Where(e => e.Kind == CreatorLive.ReprintUpdated).Select(Read));
    }

    [Fact]
    public async Task The_owner_and_each_editor_get_the_creator_role_and_a_removed_editor_loses_it()
    {
        var creatorId = Samples.NewId("cr");
        var owner = Samples.NewId("u");
        var editor = Samples.NewId("u");
        await RegisterUserAsync(owner);
        await RegisterUserAsync(editor);

        Assert.Equal(new CommandAccepted(1), await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Register(creatorId, owner, "安吉发布", "330523")));
        await Eventually.TrueAsync(async () => (await RolesAsync(owner)).Contains(Roles.Creator), "the owner holds the creator role");

        Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<CreatorRegion>(new AddStaff(new CreatorId(creatorId), new UserId(editor),
            new UserId(owner), Samples.At.AddMinutes(5))));
        await Eventually.TrueAsync(async () => (await RolesAsync(editor)).Contains(Roles.Creator), "the editor holds the creator role");

        Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<CreatorRegion>(new RemoveStaff(new CreatorId(creatorId), new UserId(editor),
            new UserId(owner), Samples.At.AddMinutes(10))));
        await Eventually.TrueAsync(async () => !(await RolesAsync(editor)).Contains(Roles.Creator), "the removed editor lost the creator role");
        Assert.Contains(Roles.Creator, await RolesAsync(owner));
    }

    [Fact]
    public async Task An_editor_removed_from_one_account_keeps_the_role_while_staffing_another()
    {
        var (first, second) = (Samples.NewId("cr"), Samples.NewId("cr"));
        var owner = Samples.NewId("u");
        var editor = Samples.NewId("u");
        await RegisterUserAsync(owner);
        await RegisterUserAsync(editor);
        await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Register(first, owner, "安吉发布", "330523"));
        await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Register(second, owner, "德清发布", "330521"));
        await node.Gateway.SendAsync<CreatorRegion>(new AddStaff(new CreatorId(first), new UserId(editor), new UserId(owner), Samples.At));
        await node.Gateway.SendAsync<CreatorRegion>(new AddStaff(new CreatorId(second), new UserId(editor), new UserId(owner), Samples.At));
        await node.Gateway.SendAsync<CreatorRegion>(new RemoveStaff(new CreatorId(first), new UserId(editor), new UserId(owner), Samples.At.AddMinutes(1)));
        // A marker after the removal: once the relay has handled it, it has handled the removal too.
        var marker = Samples.NewId("u");
        await RegisterUserAsync(marker);
        await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Register(Samples.NewId("cr"), marker, "长兴发布", "330522"));
        await Eventually.TrueAsync(async () => (await RolesAsync(marker)).Contains(Roles.Creator), "the relay passed the removal");

        Assert.Contains(Roles.Creator, await RolesAsync(editor));
    }

    private async Task RegisterUserAsync(string userId) =>
        Assert.Equal(new CommandAccepted(1), await node.Gateway.SendAsync<UserRegion>(Samples.Register(userId, userId)));

    private async Task<IReadOnlySet<string>> RolesAsync(string userId) =>
        Assert.IsType<UserView>((await node.Gateway.AskAsync<UserRegion, UserView>(new GetUser(new UserId(userId)))).View).Roles;

    private async Task SetUpAsync(string creatorId, string ownerId, string name, string regionCode)
    {
        Assert.Equal(new CommandAccepted(1), await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Register(creatorId, ownerId, name, regionCode)));
        Assert.Equal(new CommandAccepted(2), await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Verify(creatorId)));
    }

    private async Task<(string WorkId, string ReprintId)> PublishAndReprintAsync(string original, string reprinter, string reprinterStaff)
    {
        var workId = CreatorSamples.WorkId(original);
        var originalOwner = Assert.IsType<CreatorView>((await node.Gateway.AskAsync<CreatorRegion, CreatorView>(new GetCreator(new CreatorId(original)))).View).OwnerId;
        Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Article(original, workId, originalOwner.Value, publish: true)));
        var reprintId = CreatorSamples.WorkId(reprinter);
        Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<CreatorRegion>(new ReprintWork(new CreatorId(reprinter), reprintId,
            new CreatorId(original), workId, new UserId(reprinterStaff), Samples.At.AddHours(2))));
        return (workId, reprintId);
    }

    /// <summary>Subscribes to the account's live stream as the web host's hub does (its pub-sub topic).</summary>
    private async Task<BlockingCollection<LiveEvent>> FollowAsync(string creatorId)
    {
        var received = new BlockingCollection<LiveEvent>();
        var collector = node.System.ActorOf(Props.Create(() => new Collector(received)));
        var topic = new LiveEvent(LiveChannel.Creator, creatorId, 0, "", "{}").Group;
        await DistributedPubSub.Get(node.System).Mediator.Ask<SubscribeAck>(new Subscribe(topic, collector), TimeSpan.FromSeconds(10));
        return received;
    }

    private static async Task<LiveEvent> NextLiveAsync(BlockingCollection<LiveEvent> live, string kind)
    {
        LiveEvent? found = null;
        await Eventually.TrueAsync(() =>
        {
            while (live.TryTake(out var next))
                if (next.Kind == kind)
                {
                    found = next;
                    return true;
                }
            return false;
        }, $"a live {kind}");
        return found!;
    }

    private static JsonElement Data(LiveEvent live) => JsonDocument.Parse(live.DataJson).RootElement;

    private static (string, string, int, bool) Read(LiveEvent live)
    {
        var data = Data(live);
        return (data.GetProperty("reprintId").GetString()!, data.GetProperty("originalWorkId").GetString()!, data.GetProperty("version").GetInt32(),
            data.GetProperty("withdrawn").GetBoolean());
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(BlockingCollection<LiveEvent> received) => Receive<LiveEvent>(received.Add);
    }
}
