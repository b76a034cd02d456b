using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Community.Web.Tests.HelpTickets.TicketFixture;

namespace Community.Web.Tests.HelpTickets;

/// <summary>The SLA clock with a clock the test controls: an overdue county ticket is flagged to the city's supervising
/// department, then the province's, once per level, and the clock survives a restart of the node (nothing of it lives
/// only in memory).</summary>
public sealed class TicketSlaSpecs
{
    private static readonly Dictionary<string, string?> FastSweep = new() { ["Community:HelpTickets:SweepEvery"] = "00:00:00.200" };

    private static CommunityApp Start(string dataDir, FakeTimeProvider clock) => new(dataDir, FastSweep, clock);

    private static async Task<JsonElement[]> EscalationsAsync(CommunityApp app, string ticketId) =>
        [.. (await GetAsync(await ClientOfAsync(app, "moderator"), ticketId)).GetProperty("escalations").EnumerateArray()];

    [Fact]
    public async Task An_overdue_county_ticket_escalates_to_the_city_then_across_a_restart_to_the_province_once_per_level()
    {
        var dataDir = Directory.CreateTempSubdirectory("community-sla-").FullName;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            string ticketId;
            DateTimeOffset start, due;
            await using (var first = await Start(dataDir, clock).ReadyAsync())
            {
                using var citizen = first.Client((await first.RegisterAndSignInAsync()).Token);
                ticketId = await FileAsync(citizen);
                var assigned = await AcceptAsync(await ClientOfAsync(first, "moderator"), ticketId);
                start = assigned.GetProperty("timeline").EnumerateArray().Last().GetProperty("at").GetDateTimeOffset();
                due = assigned.GetProperty("dueAt").GetDateTimeOffset();
                Assert.Empty(await EscalationsAsync(first, ticketId));

                // Just past the first reply's due time: flagged to Hangzhou's roads department, which sees it supervised.
                clock.SetUtcNow(due.AddMinutes(1));
                await Eventually.TrueAsync(async () => (await EscalationsAsync(first, ticketId)).Length == 1, "the first escalation", 30);
                var level1 = Assert.Single(await EscalationsAsync(first, ticketId));
                Assert.Equal((1, "firstReply", HangzhouRoads),
                    (level1.GetProperty("level").GetInt32(), level1.GetProperty("stage").GetString(), level1.GetProperty("supervisorId").GetString()));
                using var city = await ClientOfAsync(first, "dept-hz-roads");
                await ListedAsync(city, $"/api/departments/{HangzhouRoads}/queue?scope=supervised&limit=100", ticketId,
                    t => t.GetProperty("overdue").GetBoolean() && t.GetProperty("escalationLevel").GetInt32() == 1);
                Assert.True((await GetAsync(city, ticketId)).GetProperty("overdue").GetBoolean());
            }

            // Another node process on the same journal, its clock past twice the allowance: the province is told, once.
            await using var second = await Start(dataDir, clock).ReadyAsync();
            clock.SetUtcNow(due + (due - start) + TimeSpan.FromMinutes(1));
            await Eventually.TrueAsync(async () => (await EscalationsAsync(second, ticketId)).Length == 2, "the second escalation", 30);
            using var province = await ClientOfAsync(second, "dept-zj-roads");
            await ListedAsync(province, $"/api/departments/{ProvinceRoads}/queue?scope=supervised&limit=100", ticketId,
                t => t.GetProperty("escalationLevel").GetInt32() == 2);
            // Weeks later there is no third level, and the two are never repeated. A ticket resolved now closes by itself
            // then: that is how the test knows sweeps ran at the later time.
            using var citizenAgain = second.Client((await second.RegisterAndSignInAsync()).Token);
            var marker = await FileAsync(citizenAgain);
            await AcceptAsync(await ClientOfAsync(second, "moderator"), marker);
            await ActAsync(await ClientOfAsync(second, "dept-xihu-roads"), marker, "resolution", new { text = "已处理。" });
            clock.Advance(TimeSpan.FromDays(30));
            using var moderator = await ClientOfAsync(second, "moderator");
            await Eventually.TrueAsync(async () => Status(await GetAsync(moderator, marker)) == "closed", "a sweep a month later", 30);
            Assert.Equal([1, 2], (await EscalationsAsync(second, ticketId)).Select(e => e.GetProperty("level").GetInt32()));
            Assert.Equal(["submitted", "accepted", "assigned", "escalated", "escalated"], Steps(await GetAsync(moderator, ticketId)));
        }
        finally
        {
            CommunityApp.TryDelete(dataDir);
        }
    }

    [Fact]
    public async Task A_resolved_ticket_without_feedback_closes_by_itself_after_the_quiet_period()
    {
        var dataDir = Directory.CreateTempSubdirectory("community-sla-").FullName;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            await using var app = await Start(dataDir, clock).ReadyAsync();
            using var citizen = app.Client((await app.RegisterAndSignInAsync()).Token);
            var ticketId = await FileAsync(citizen);
            await AcceptAsync(await ClientOfAsync(app, "moderator"), ticketId);
            var resolved = await ActAsync(await ClientOfAsync(app, "dept-xihu-roads"), ticketId, "resolution", new { text = "已恢复照明。" });
            Assert.Equal("feedback", resolved.GetProperty("stage").GetString());

            clock.SetUtcNow(resolved.GetProperty("dueAt").GetDateTimeOffset().AddMinutes(1));
            using var moderator = await ClientOfAsync(app, "moderator");
            await Eventually.TrueAsync(async () => Status(await GetAsync(moderator, ticketId)) == "closed", "closed after the quiet period", 30);
            var closed = await GetAsync(moderator, ticketId);
            Assert.Equal(("system", JsonValueKind.Null), (closed.GetProperty("timeline").EnumerateArray().Last().GetProperty("by").GetString(),
                closed.GetProperty("feedback").GetProperty("rating").ValueKind));
        }
        finally
        {
            CommunityApp.TryDelete(dataDir);
        }
    }
}
