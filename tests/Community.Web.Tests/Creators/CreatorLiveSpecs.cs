using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Community.Web.Tests.Creators.CreatorFixture;

namespace Community.Web.Tests.Creators;

/// <summary>The <c>creator:{id}</c> stream over real websockets: the account's staff follow it from a seq and get what
/// happened after it, in order, then live; others are refused.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class CreatorLiveSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record CreatorEvent(string CreatorId, long Seq, string Kind, JsonElement Data);

    [Fact]
    public async Task Staff_following_from_a_seq_get_the_later_events_in_order_and_then_a_reprint_and_a_correction_live()
    {
        using var county = await RegisterAsync(_app, "330106");
        using var city = await RegisterAsync(_app, "330100", orgType: "institution");
        var work = await PublishAsync(county.Client, county.CreatorId, "直播测试", ["county"]);

        await using var hub = _app.HubConnection(county.Owner.Token);
        var events = Channel.CreateUnbounded<CreatorEvent>();
        hub.On<CreatorEvent>("creatorEvent", e => events.Writer.TryWrite(e));
        await hub.StartSettledAsync();
        // Registered (1), verified (2), the work created and published (3, 4): from 2 on, the work's two events first.
        await hub.InvokeAsync<long>("Follow", $"creator:{county.CreatorId}", 2L);
        var backlog = await ReadAsync(events.Reader, 2);
        Assert.Equal([3L, 4L], backlog.Select(e => e.Seq));
        Assert.Equal(["workCreated", "workPublished"], backlog.Select(e => e.Kind));
        Assert.All(backlog, e => Assert.Equal(work, e.Data.GetProperty("workId").GetString()));

        await Expect.Status(await city.Client.PostAsJsonAsync($"/api/works/{work}/reprints", new { creatorId = city.CreatorId }),
            HttpStatusCode.Created);
        await Expect.Status(await county.Client.PatchAsJsonAsync($"/api/works/{work}", new { body = "更正后的正文", note = "更正" }),
            HttpStatusCode.OK);
        // The account's numbers (statsChanged, about once a second while they move) may come in between.
        var live = (await ReadAsync(events.Reader, e => e.Kind is "workReprinted" or "workCorrected", 2));
        Assert.Equal(["workReprinted", "workCorrected"], live.Select(e => e.Kind));
        Assert.True(live[0].Seq > 4 && live[1].Seq > live[0].Seq);
        Assert.Equal(city.CreatorId, live[0].Data.GetProperty("reprinterId").GetString());
    }

    [Fact]
    public async Task A_staff_members_connection_follows_the_accounts_they_staff_on_connect()
    {
        using var account = await RegisterAsync(_app, "330106");
        var work = await PublishAsync(account.Client, account.CreatorId, "自动订阅", ["county"]);
        await CreatorStatsApiSpecs.ReadableAsync(_app, work);
        // The creator role reaches the owner's user through the relay; a sign-in after it carries it.
        Session owner = account.Owner;
        await Eventually.TrueAsync(async () =>
        {
            owner = await _app.SignInAsync(account.Owner.UserName, "Secret#123");
            return owner.Roles.Contains("creator");
        }, "the creator role on the owner", timeoutSeconds: 30);

        await using var hub = _app.HubConnection(owner.Token);
        var events = Channel.CreateUnbounded<CreatorEvent>();
        hub.On<CreatorEvent>("creatorEvent", e => events.Writer.TryWrite(e));
        await hub.StartSettledAsync();
        var reader = await _app.RegisterAndSignInAsync();
        await Expect.Status(await _app.Client(reader.Token).PutAsync($"/api/works/{work}/likes/me", null), HttpStatusCode.NoContent);

        var changed = await CreatorStatsApiSpecs.NextAsync(events.Reader, e => e.Kind == "statsChanged" && e.Data.GetProperty("likes").GetInt64() == 1);
        Assert.Equal(account.CreatorId, changed.CreatorId);
    }

    [Fact]
    public async Task A_reader_may_not_follow_a_creator_account_they_do_not_staff()
    {
        using var account = await RegisterAsync(_app, "330106");
        var reader = await _app.RegisterAndSignInAsync();
        await using var hub = _app.HubConnection(reader.Token);
        await hub.StartSettledAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<long>("Follow", $"creator:{account.CreatorId}", 0L));
        Assert.Contains("staff", refused.Message);
    }

    private static async Task<List<T>> ReadAsync<T>(ChannelReader<T> reader, Func<T, bool> wanted, int count)
    {
        var received = new List<T>();
        while (received.Count < count)
        {
            var next = await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            if (wanted(next)) received.Add(next);
        }
        return received;
    }

    private static async Task<List<T>> ReadAsync<T>(ChannelReader<T> reader, int count)
    {
        var received = new List<T>();
        while (received.Count < count) received.Add(await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        return received;
    }
}
