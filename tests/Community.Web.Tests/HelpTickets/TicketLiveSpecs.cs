using System.Text.Json;
using System.Threading.Channels;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Community.Web.Tests.HelpTickets.TicketFixture;

namespace Community.Web.Tests.HelpTickets;

/// <summary><c>ticketEvent</c>s over real websockets: the citizen follows their ticket from a seq, the handling
/// department's staff and the moderators get its steps on their role streams, and a private ticket is not followed by
/// others.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class TicketLiveSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record TicketEvent(string TicketId, long Seq, string Kind, JsonElement Data);

    private async Task<(HubConnection Hub, Channel<TicketEvent> Events)> ConnectAsync(string token)
    {
        var hub = _app.HubConnection(token);
        var events = Channel.CreateUnbounded<TicketEvent>();
        hub.On<TicketEvent>("ticketEvent", e => events.Writer.TryWrite(e));
        await hub.StartSettledAsync();
        return (hub, events);
    }

    // Role streams carry every ticket's events: the ones of this ticket, in the order they came.
    private static async Task<List<TicketEvent>> ReadAsync(ChannelReader<TicketEvent> reader, string ticketId, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var read = new List<TicketEvent>();
        while (read.Count < count)
        {
            var next = await reader.ReadAsync(timeout.Token);
            if (next.TicketId == ticketId) read.Add(next);
        }
        return read;
    }

    [Fact]
    public async Task The_citizen_following_from_a_seq_gets_each_later_step_in_order_and_a_private_replys_text_stays_out()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var citizen = _app.Client(session.Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        var ticketId = await FileAsync(citizen);
        await AcceptAsync(moderator, ticketId);

        var (hub, events) = await ConnectAsync(session.Token);
        await using var _ = hub;
        // Filed (1), accepted (2), assigned (3): from 1 on, the review's two steps first.
        await hub.InvokeAsync<long>("Follow", $"ticket:{ticketId}", 1L);
        Assert.Equal([(2L, "accepted"), (3L, "assigned")], (await ReadAsync(events.Reader, ticketId, 2)).Select(e => (e.Seq, e.Kind)));

        await ActAsync(department, ticketId, "replies", new { text = "内部核实中，请留意电话。", @public = false });
        await ActAsync(department, ticketId, "replies", new { text = "已安排维修。", @public = true });
        await ActAsync(department, ticketId, "resolution", new { text = "已恢复照明。" });
        var live = await ReadAsync(events.Reader, ticketId, 3);
        Assert.Equal([(4L, "replied"), (5L, "replied"), (6L, "resolved")], live.Select(e => (e.Seq, e.Kind)));
        Assert.Equal(JsonValueKind.Null, live[0].Data.GetProperty("text").ValueKind);
        Assert.Equal("已安排维修。", live[1].Data.GetProperty("text").GetString());
        Assert.Equal("resolved", live[2].Data.GetProperty("status").GetString());
        Assert.All(live, e => Assert.DoesNotContain("13800000000", e.Data.GetRawText()));
    }

    [Fact]
    public async Task The_handling_departments_staff_and_the_moderators_are_told_on_their_role_streams()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        var moderatorSession = await _app.SignInAsync("moderator", CommunityApp.DemoPassword);
        using var moderator = _app.Client(moderatorSession.Token);
        var staff = await _app.SignInAsync("dept-xihu-roads", CommunityApp.DemoPassword);
        var (moderators, moderatorEvents) = await ConnectAsync(moderatorSession.Token);
        await using var _ = moderators;
        var (desk, deskEvents) = await ConnectAsync(staff.Token);
        await using var __ = desk;

        var ticketId = await FileAsync(citizen);
        Assert.Equal("filed", (await ReadAsync(moderatorEvents.Reader, ticketId, 1))[0].Kind);
        await AcceptAsync(moderator, ticketId);

        var assigned = (await ReadAsync(deskEvents.Reader, ticketId, 1))[0];
        Assert.Equal(("assigned", XihuRoads), (assigned.Kind, assigned.Data.GetProperty("departmentId").GetString()));
        Assert.Equal(3L, assigned.Seq);
    }

    [Fact]
    public async Task A_private_ticket_is_followed_by_its_citizen_and_handlers_only_and_a_public_one_by_anyone_signed_in()
    {
        var owner = await _app.RegisterAndSignInAsync();
        using var citizen = _app.Client(owner.Token);
        var secret = await FileAsync(citizen, Filing("私密", isPublic: false));
        var open = await FileAsync(citizen, Filing("公开", isPublic: true));
        var (hub, _) = await ConnectAsync((await _app.RegisterAndSignInAsync()).Token);
        await using var ___ = hub;

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<long>("Follow", $"ticket:{secret}", 0L));
        Assert.Contains("private", refused.Message);
        Assert.True(await hub.InvokeAsync<long>("Follow", $"ticket:{open}", 0L) >= 1);
        var (mine, events) = await ConnectAsync(owner.Token);
        await using var ____ = mine;
        await mine.InvokeAsync<long>("Follow", $"ticket:{secret}", 0L);
        Assert.Equal("filed", (await ReadAsync(events.Reader, secret, 1))[0].Kind);
    }
}
