using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Hosting;

public sealed class RestartSpecs
{
    [Fact]
    public async Task Accounts_and_demo_data_survive_a_restart_on_the_same_data_directory_and_the_demo_is_not_seeded_twice()
    {
        var dataDir = Directory.CreateTempSubdirectory("community-restart-").FullName;
        try
        {
            Session before;
            string demoBefore;
            await using (var first = await new CommunityApp(dataDir).ReadyAsync())
            {
                before = await first.RegisterAndSignInAsync(regionCode: "330521");
                using var client = first.Client(before.Token);
                await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = "重启之前" }), HttpStatusCode.OK);
                demoBefore = await DemoFeedsAsync(first);
            }

            await using var second = await new CommunityApp(dataDir).ReadyAsync();
            // Seeding ran again over the same journal: every demo post, comment and like is there once.
            Assert.Equal(demoBefore, await DemoFeedsAsync(second));
            var after = await second.SignInAsync(before.UserName, "Secret#123", "county-330521");
            using var again = second.Client(after.Token);
            var me = await again.GetFromJsonAsync<JsonElement>("/api/me");

            Assert.Equal(before.UserId, after.UserId);
            Assert.Equal("重启之前", me.GetProperty("displayName").GetString());
            Assert.Equal("330521", me.GetProperty("regionCode").GetString());
            // The generated signing key is kept too: a token from before the restart still works.
            using var oldToken = second.Client(before.Token);
            await Expect.Status(await oldToken.GetAsync("/api/me"), HttpStatusCode.OK);
        }
        finally
        {
            CommunityApp.TryDelete(dataDir);
        }
    }

    // The demo circles' posts with their counts and topics, as one comparable text.
    private static async Task<string> DemoFeedsAsync(CommunityApp app)
    {
        using var admin = app.Client((await app.SignInAdminAsync()).Token);
        var lines = new List<string>();
        foreach (var circleId in Community.Web.Circles.CirclesDemo.Circles.Select(c => c.CircleId))
        {
            var posts = await admin.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/posts?limit=100");
            lines.AddRange(posts.GetProperty("items").EnumerateArray().Select(p =>
                $"{circleId} {p.GetProperty("postId")} seq {p.GetProperty("seq")} likes {p.GetProperty("likeCount")} comments {p.GetProperty("commentCount")}"));
            var topics = await admin.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/topics");
            lines.Add($"{circleId} topics {topics.GetRawText()}");
        }
        return string.Join("\n", lines);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.0/8", true)]
    [InlineData("10.9.9.9", false)]
    public async Task Behind_a_trusted_proxy_the_per_address_limit_counts_each_forwarded_client_and_nobody_else_can_claim_an_address(
        string? trustedProxy, bool forwardedClientsCountApart)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Community:Auth:SignInPerAddressPerMinute"] = "2",
            ["Community:Demo:Enabled"] = "false",
        };
        if (trustedProxy is not null) settings["Community:Proxies:Trusted:0"] = trustedProxy;
        await using var app = await new CommunityApp(settings: settings).ReadyHealthAsync();
        using var client = app.Client();

        async Task<HttpStatusCode> SignInFrom(string clientAddress)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
            {
                Content = JsonContent.Create(new { userName = "nobody", password = "Whatever#1", clientId = "chao-news" }),
            };
            request.Headers.Add("X-Forwarded-For", clientAddress);
            return (await client.SendAsync(request)).StatusCode;
        }

        // One reader uses up the address's two tries; a second reader behind the same proxy then tries once.
        var first = new[] { await SignInFrom("203.0.113.7"), await SignInFrom("203.0.113.7"), await SignInFrom("203.0.113.7") };
        var second = await SignInFrom("198.51.100.20");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], first);
        // Trusted proxy: the second reader has tries of its own. Otherwise the header is ignored: both are the proxy.
        Assert.Equal(forwardedClientsCountApart ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, second);
    }

    [Fact]
    public void A_trusted_proxy_entry_that_is_no_address_stops_the_node_from_starting_with_a_clear_message()
    {
        var failure = Assert.ThrowsAny<Exception>(() => new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Demo:Enabled"] = "false",
            ["Community:Proxies:Trusted:0"] = "proxy.example",
        }));
        Assert.Contains("Community:Proxies:Trusted holds 'proxy.example'", failure.ToString());
    }

    [Theory]
    [InlineData(null, "Community:Auth:SigningKey is not set")]
    [InlineData("signing", "Community:Auth:UserIdKey is not set")]
    public void A_node_that_joins_a_cluster_without_the_shared_secrets_does_not_start_and_names_the_setting(string? configured, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Community:Demo:Enabled"] = "false",
            ["Community:Cluster:Seeds:0"] = "akka.tcp://community@127.0.0.1:1",
        };
        if (configured is not null) settings["Community:Auth:SigningKey"] = Convert.ToBase64String(new byte[48]);
        var failure = Assert.ThrowsAny<Exception>(() => new CommunityApp(settings: settings));
        Assert.Contains(message, failure.ToString());
    }

    [Fact]
    public async Task Sign_in_attempts_per_address_are_limited()
    {
        await using var app = await new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Auth:SignInPerAddressPerMinute"] = "3",
            ["Community:Demo:Enabled"] = "false",
        }).ReadyHealthAsync();
        using var client = app.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("/api/sessions",
                new { userName = "user" + i, password = "Whatever#1", clientId = "chao-news" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Expect.Problem(response, HttpStatusCode.TooManyRequests, "rate-limited");
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Registrations_per_address_are_limited_and_the_refused_one_creates_no_account()
    {
        await using var app = await new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Auth:RegistrationsPerAddressPerMinute"] = "2",
            ["Community:Demo:Enabled"] = "false",
        }).ReadyHealthAsync();
        using var client = app.Client();

        var names = Enumerable.Range(0, 3).Select(i => $"flood{i}{Guid.NewGuid():N}"[..16]).ToList();
        var statuses = new List<HttpStatusCode>();
        foreach (var name in names)
        {
            var response = await client.PostAsJsonAsync("/api/accounts",
                new { userName = name, password = "Secret#123", displayName = "Flood", regionCode = "330106" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Expect.Problem(response, HttpStatusCode.TooManyRequests, "rate-limited");
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            }
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        var refused = await client.PostAsJsonAsync("/api/sessions", new { userName = names[2], password = "Secret#123", clientId = "chao-news" });
        await Expect.Problem(refused, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Posting_is_limited_per_user_and_the_refused_post_is_not_stored()
    {
        await using var app = await new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Circles:PostsPerUserPerMinute"] = "3",
            ["Community:Demo:Enabled"] = "false",
        }).ReadyHealthAsync();
        using var flooder = await Circles.CircleClient.SignUpAsync(app);
        using var neighbour = await Circles.CircleClient.SignUpAsync(app);
        var circleId = await flooder.CreateCircleAsync();
        await neighbour.JoinAsync(circleId);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await flooder.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text = $"刷屏 {i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Expect.Problem(response, HttpStatusCode.TooManyRequests, "rate-limited");
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            }
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        // The limit is the flooder's, not the address's: another user posts from the same address.
        await neighbour.PostAsync(circleId, "我还能发");
        await Eventually.TrueAsync(async () => (await flooder.PostsAsync(circleId)).GetProperty("items").GetArrayLength() == 4,
            "three posts of the flooder and one of the neighbour");
        Assert.DoesNotContain((await flooder.PostsAsync(circleId)).GetProperty("items").EnumerateArray(),
            p => p.GetProperty("text").GetString() == "刷屏 3");
    }

    [Fact]
    public async Task Without_demo_data_there_are_no_demo_accounts()
    {
        await using var app = await new CommunityApp(settings: new Dictionary<string, string?> { ["Community:Demo:Enabled"] = "false" })
            .ReadyHealthAsync();
        using var client = app.Client();

        var response = await client.PostAsJsonAsync("/api/sessions",
            new { userName = "admin", password = CommunityApp.DemoPassword, clientId = "chao-news" });

        await Expect.Problem(response, HttpStatusCode.Unauthorized);
    }
}
