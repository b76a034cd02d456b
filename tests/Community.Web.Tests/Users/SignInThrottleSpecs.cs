using System.Net;
using System.Net.Http.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Users;

/// <summary>Sign-in throttling an attacker cannot turn against the owner: a stranger's failures throttle the stranger;
/// failures from many addresses (distributed guessing) close the account to new addresses only, while the owner's
/// address with an open session still signs in. Clients are told apart by <c>X-Forwarded-For</c> behind a trusted
/// proxy (the test is the proxy).</summary>
public sealed class SignInThrottleSpecs : IAsyncLifetime
{
    private const string Owner = "198.51.100.10";
    private CommunityApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Demo:Enabled"] = "false",
            ["Community:Proxies:Trusted:0"] = "127.0.0.1",
            ["Community:Proxies:Trusted:1"] = "::1",
            ["Community:Auth:SignInFailuresPerAccountAndAddress"] = "5",
            ["Community:Auth:SignInFailuresPerAccount"] = "12",
        }).ReadyHealthAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_strangers_failures_throttle_the_stranger_and_never_the_owner()
    {
        var userName = await RegisterAsync();

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(userName, "Wrong#12345", "203.0.113.66"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(userName, "Secret#123", "203.0.113.66"));

        // The owner, from their own address, with the right password: in, as if nothing happened.
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(userName, "Secret#123", Owner));
    }

    [Fact]
    public async Task Distributed_guessing_closes_the_account_to_new_addresses_while_the_owners_known_address_signs_in()
    {
        var userName = await RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(userName, "Secret#123", Owner)); // a session from the owner's address

        // 12 failures from 12 addresses: none of them is throttled on its own.
        for (var i = 0; i < 12; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(userName, "Wrong#12345", $"203.0.113.{i + 1}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(userName, "Secret#123", "203.0.113.200"));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(userName, "Secret#123", Owner));
    }

    [Fact]
    public async Task Successful_sign_ins_do_not_count_against_the_limits()
    {
        var userName = await RegisterAsync();

        for (var i = 0; i < 8; i++) Assert.Equal(HttpStatusCode.OK, await SignInAsync(userName, "Secret#123", Owner));
    }

    private async Task<string> RegisterAsync()
    {
        var userName = "t" + Guid.NewGuid().ToString("N")[..12];
        using var client = _app.Client();
        await Expect.Status(await client.PostAsJsonAsync("/api/accounts",
            new { userName, password = "Secret#123", displayName = "限流读者", regionCode = "330106" }), HttpStatusCode.Created);
        return userName;
    }

    private async Task<HttpStatusCode> SignInAsync(string userName, string password, string address)
    {
        using var client = _app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
        {
            Content = JsonContent.Create(new { userName, password, clientId = "chao-news" }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return (await client.SendAsync(request)).StatusCode;
    }
}
