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
        var common = new Dictionary<string, string?>
        {
            ["Community:Storage:Provider"] = "postgres",
            ["Community:Storage:ConnectionString"] = _database.ConnectionString,
            ["Community:Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
            ["Community:Demo:Enabled"] = "false",
        };
        await using var nodeA = await new CommunityApp(settings: common).ReadyHealthAsync();
        var systemA = nodeA.Services.GetRequiredService<ActorSystem>();
        var seed = Akka.Cluster.Cluster.Get(systemA).SelfAddress.ToString();
        await using var nodeB = await new CommunityApp(settings: new Dictionary<string, string?>(common) { ["Community:Cluster:Seeds:0"] = seed })
            .ReadyHealthAsync();

        var session = await nodeA.RegisterAndSignInAsync();
        var events = Channel.CreateUnbounded<UserEvent>();
        await using var onB = new HubConnectionBuilder()
            .WithUrl(new Uri(nodeB.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(session.Token))
            .Build();
        onB.On<UserEvent>("userEvent", e => events.Writer.TryWrite(e));
        await onB.StartAsync();

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
        Assert.Equal(("profileUpdated", 2L), (received.Kind, received.Seq));
        Assert.Equal("两个节点", received.Data.GetProperty("displayName").GetString());

        // Both nodes reach the same entity, wherever its shard lives.
        using var throughB = nodeB.Client(session.Token);
        var me = await throughB.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("两个节点", me.GetProperty("displayName").GetString());
    }
}
