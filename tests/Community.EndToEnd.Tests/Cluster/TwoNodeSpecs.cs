using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Community.Cluster.Entities;
using Community.Contracts.Common;
using Community.Tests.Shared;
using Community.Web.Live;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Community.EndToEnd.Tests.Cluster;

/// <summary>Two web nodes in one cluster on one PostgreSQL database: the cluster is the live backplane.</summary>
public sealed class TwoNodeSpecs : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    public sealed record UserEvent(long Seq, string Kind, JsonElement Data);

    [Fact]
    public async Task A_change_made_through_one_node_reaches_a_live_connection_on_the_other()
    {
        var (nodeA, nodeB) = await StartTwoNodesAsync();
        await using var disposeA = nodeA;
        await using var disposeB = nodeB;
        var systemA = nodeA.Services.GetRequiredService<ActorSystem>();

        var session = await nodeA.RegisterAndSignInAsync();
        var events = Channel.CreateUnbounded<UserEvent>();
        await using var onB = new HubConnectionBuilder()
            .WithUrl(new Uri(nodeB.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(session.Token))
            .Build();
        onB.On<UserEvent>("userEvent", e => events.Writer.TryWrite(e));
        await onB.StartSettledAsync();

        // Subscriptions spread between nodes by gossip: publish probes on node A until node B's bridge relays one.
        var mediatorA = DistributedPubSub.Get(systemA).Mediator;
        await Eventually.TrueAsync(async () =>
        {
            var probe = new LiveEvent(LiveChannel.User, session.UserId, 0, "probe", "{}");
            mediatorA.Tell(new Publish(probe.Group, probe));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                return (await events.Reader.ReadAsync(wait.Token)).Kind == "probe";
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }, "node B to relay events published on node A");
        while (events.Reader.TryRead(out _)) { }

        using var throughA = nodeA.Client(session.Token);
        await Expect.Status(await throughA.PatchAsJsonAsync("/api/me", new { displayName = "两个节点" }), HttpStatusCode.OK);

        var received = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        while (received.Kind == "probe") received = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(("profileUpdated", 3L), (received.Kind, received.Seq)); // 1 registration, 2 the sign-in's session
        Assert.Equal("两个节点", received.Data.GetProperty("displayName").GetString());

        // Both nodes reach the same entity, wherever its shard lives.
        using var throughB = nodeB.Client(session.Token);
        var me = await throughB.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("两个节点", me.GetProperty("displayName").GetString());
    }

    public sealed record CircleEvent(string CircleId, long Seq, string Kind, JsonElement Data);

    [Fact]
    public async Task A_circle_followed_only_on_one_node_sends_its_events_to_that_node_alone()
    {
        var (nodeA, nodeB) = await StartTwoNodesAsync();
        await using var disposeA = nodeA;
        await using var disposeB = nodeB;
        var bridgeA = nodeA.Services.GetRequiredService<LiveBridge>();
        var bridgeB = nodeB.Services.GetRequiredService<LiveBridge>();

        var owner = await nodeA.RegisterAndSignInAsync();
        using var throughA = nodeA.Client(owner.Token);
        var created = await throughA.PostAsJsonAsync("/api/circles",
            new { name = "两个节点的圈子", description = "只在 A 上有人关注", regionCode = "330106" });
        await Expect.Status(created, HttpStatusCode.Created);
        var circleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("circleId").GetString()!;

        var posts = Channel.CreateUnbounded<CircleEvent>();
        await using var onA = new HubConnectionBuilder()
            .WithUrl(new Uri(nodeA.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(owner.Token))
            .Build();
        onA.On<CircleEvent>("circleEvent", e =>
        {
            if (e.Kind == "postCreated") posts.Writer.TryWrite(e);
        });
        await onA.StartSettledAsync();
        await onA.InvokeAsync<long>("JoinCircle", circleId, 0L);
        var (receivedA, receivedB) = (bridgeA.Received, bridgeB.Received);

        // Written through node B (the shard of the circle lives on either node): every post reaches the follower on A.
        using var throughB = nodeB.Client(owner.Token);
        const int count = 20;
        for (var i = 0; i < count; i++)
            await Expect.Status(await throughB.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text = $"第 {i} 帖" }),
                HttpStatusCode.Created);
        for (var i = 0; i < count; i++) await posts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        // Node B has no follower of the circle: none of its events went there (with one topic for all, each went to both).
        Assert.Equal(0, bridgeB.Received - receivedB);
        Assert.InRange(bridgeA.Received - receivedA, count, count + 5);
    }

    /// <summary>Node A joins itself; node B joins A: one cluster on the spec's PostgreSQL database, one signing key.</summary>
    private async Task<(CommunityApp A, CommunityApp B)> StartTwoNodesAsync()
    {
        var common = new Dictionary<string, string?>
        {
            ["Community:Storage:Provider"] = "postgres",
            ["Community:Storage:ConnectionString"] = _database.ConnectionString,
            ["Community:Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
            ["Community:Auth:UserIdKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Community:Demo:Enabled"] = "false",
        };
        var nodeA = await new CommunityApp(settings: common).ReadyHealthAsync();
        var seed = Akka.Cluster.Cluster.Get(nodeA.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();
        var nodeB = await new CommunityApp(settings: new Dictionary<string, string?>(common) { ["Community:Cluster:Seeds:0"] = seed })
            .ReadyHealthAsync();
        return (nodeA, nodeB);
    }
}
