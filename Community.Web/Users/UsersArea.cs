using System.Security.Claims;
using Community.Cluster.Hosting;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Users;
using Community.Web.Auth;
using Community.Web.Hosting;
using Community.Web.Http;
using Community.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Users;

/// <summary>The users area of the web host: accounts and sessions, profiles, roles; the <c>user:{id}</c> stream.</summary>
public static class UsersArea
{
    public static CommunityWebBuilder AddUsersArea(this CommunityWebBuilder web)
    {
        web.Cluster.AddUsersArea();
        web.Services.AddSingleton<SignInThrottle>();
        web.Services.AddSingleton(provider => new UserIds(SigningKey.ResolveUserIdKey(provider.GetRequiredService<AuthOptions>(),
            provider.GetRequiredService<Community.Cluster.Hosting.CommunityClusterOptions>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UserIds)))));
        return web
            .AddRateLimitPolicy(UsersApi.SignInRateLimit, http =>
                RateLimits.PerAddressPerMinute(http, http.RequestServices.GetRequiredService<AuthOptions>().SignInPerAddressPerMinute))
            .AddRateLimitPolicy(UsersApi.RegistrationRateLimit, http =>
                RateLimits.PerAddressPerMinute(http, http.RequestServices.GetRequiredService<AuthOptions>().RegistrationsPerAddressPerMinute))
            .AddRateLimitPolicy(SessionsApi.RefreshRateLimit, http =>
                RateLimits.PerAddressPerMinute(http, http.RequestServices.GetRequiredService<AuthOptions>().RefreshesPerAddressPerMinute))
            .AddRateLimitPolicy(SessionsApi.SessionWritesRateLimit, http =>
                RateLimits.PerUserPerMinute(http, http.RequestServices.GetRequiredService<AuthOptions>().SessionWritesPerUserPerMinute))
            .AddRateLimitPolicy(UsersApi.ProfileWritesRateLimit, http =>
                RateLimits.PerUserPerMinute(http, http.RequestServices.GetRequiredService<AuthOptions>().ProfileUpdatesPerUserPerMinute))
            .AddLiveStream<UserLiveStream>()
            .AddDemoData<UsersDemo>()
            .MapRoutes(app =>
            {
                // The user id key is resolved at start: a cluster node without it stops, naming the setting.
                app.ServiceProvider.GetRequiredService<UserIds>();
                app.MapUsersApi();
                app.MapSessionsApi();
            });
    }
}

/// <summary><c>user:{id}</c>: a user's own notifications, points and profile changes; only that user follows it.</summary>
public sealed class UserLiveStream(EntityGateway entities) : ILiveStream
{
    public string Kind => "user";

    public async Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken)
    {
        if (streamId != caller.UserId()) throw new HubException("A user's stream is followed only by that user.");
        if (!(await entities.AskAsync<UserRegion, UserView>(new GetUser(new UserId(streamId)), cancellationToken)).TryGet(out var user, out _))
            throw new HubException("Unknown user.");
        return LiveStreamPosition.Of<UserState>(UserEntity.Kind, streamId, user.Seq);
    }
}
