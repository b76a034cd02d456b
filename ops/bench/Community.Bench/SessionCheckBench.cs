using System.Security.Claims;
using Akka.Hosting;
using BenchmarkDotNet.Attributes;
using Community.Cluster.Hosting;
using Community.Contracts.Common;
using Community.Contracts.Users;
using Community.Contracts.Regions;
using Community.Web.Auth;
using Community.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;

namespace Community.Bench;

/// <summary>BenchmarkDotNet ShortRun, in process: what the per-request session check adds (a session cache hit and the
/// role claims rewritten) next to what every request already paid (the JWT's signature and lifetime check), and what a
/// sign-in costs in the password hasher.</summary>
public static class SessionCheckBench
{
    public static int Run(BenchArguments arguments) => ShortRun.Of<SessionCheckBenchmarks>();
}

[MemoryDiagnoser]
public class SessionCheckBenchmarks
{
    private const int Users = 100_000;
    private TokenService _tokens = null!;
    private SessionCache _cache = null!;
    private string _token = "";
    private ClaimsIdentity _validated = null!;
    private PasswordHasher<string> _hasher = null!;
    private string _hash = "";

    [GlobalSetup]
    public async Task Setup()
    {
        var auth = new AuthOptions();
        var key = new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)) { KeyId = "community" };
        _tokens = new TokenService(key, auth, TimeProvider.System);
        // The gateway is never asked: every user is in the cache, as on a node that has seen them.
        _cache = new SessionCache(new EntityGateway(new ActorRegistry(), new CommunityClusterOptions()), auth, TimeProvider.System);
        for (var i = 0; i < Users; i++)
            _cache.Apply(new UserAuth(new UserId($"u-{i:x32}"), 3, [Roles.Reader], null, [$"s-{i:x32}"]));
        var user = new UserView(new UserId($"u-{42:x32}"), "reader42", "", "读者", "330106", [Roles.Reader, Roles.Moderator], null, 0, [], 3,
            DateTimeOffset.UtcNow, [], []);
        _token = _tokens.Issue(user, new ClientDto("chao-news", "潮新闻", "province", "330000"), $"s-{42:x32}").Token;
        _validated = (ClaimsIdentity)(await _tokens.ValidateAsync(_token))!.Identity!;
        _hasher = new PasswordHasher<string>();
        _hash = _hasher.HashPassword("u-42", "Secret#123");
    }

    [Benchmark(Baseline = true, Description = "JWT validation (every request, before and after)")]
    public Task<ClaimsPrincipal?> ValidateToken() => _tokens.ValidateAsync(_token);

    [Benchmark(Description = "session check on a cache hit (added per request)")]
    public ValueTask<string?> SessionCheckHit() => SessionCheck.CheckAsync(_validated, _cache, CancellationToken.None);

    [Benchmark(Description = "password verification (per sign-in)")]
    public PasswordVerificationResult VerifyPassword() => _hasher.VerifyHashedPassword("u-42", _hash, "Secret#123");
}
