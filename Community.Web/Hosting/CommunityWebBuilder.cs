using System.Threading.RateLimiting;
using Community.Cluster.Hosting;
using Community.Web.Demo;
using Community.Web.Live;
using Microsoft.AspNetCore.RateLimiting;

namespace Community.Web.Hosting;

/// <summary>
/// What the areas add to the web host. Each area has one <c>AddXArea</c> extension of this builder, which adds its
/// cluster part (<see cref="Cluster"/>), its services and options, rate-limit policies, live streams, demo data and
/// its routes (mapped by <see cref="CommunityWebHosting.UseCommunityWeb"/>); the composition root names each area once.
/// </summary>
public sealed class CommunityWebBuilder(WebApplicationBuilder host, CommunityClusterBuilder cluster)
{
    public WebApplicationBuilder Host { get; } = host;

    public IServiceCollection Services => Host.Services;

    /// <summary>The cluster node's builder: the area's entity, projections and read models.</summary>
    public CommunityClusterBuilder Cluster { get; } = cluster;

    /// <summary>The area's routes, mapped once the pipeline is set up.</summary>
    public CommunityWebBuilder MapRoutes(Action<IEndpointRouteBuilder> map)
    {
        Services.AddSingleton(new AreaRoutes(map));
        return this;
    }

    /// <summary>A rate-limit policy the area's routes name with <c>RequireRateLimiting</c>.</summary>
    public CommunityWebBuilder AddRateLimitPolicy(string name, Func<HttpContext, RateLimitPartition<string>> partition)
    {
        Services.Configure<RateLimiterOptions>(o => o.AddPolicy(name, partition));
        return this;
    }

    /// <summary>A quota of accepted writes per user per minute that the area's routes name with <c>WithContentQuota</c>
    /// (taken only when the write is accepted; <see cref="Http.ContentQuota"/>).</summary>
    public CommunityWebBuilder AddContentQuota(string name, Func<IServiceProvider, int> permitsPerMinute)
    {
        Services.AddKeyedSingleton(name, (provider, _) => new Http.ContentQuota(name, () => permitsPerMinute(provider)));
        return this;
    }

    /// <summary>A kind of live stream clients may follow on the hub (<c>Follow("circle:{id}", afterSeq)</c>).</summary>
    public CommunityWebBuilder AddLiveStream<TStream>() where TStream : class, ILiveStream
    {
        Services.AddSingleton<ILiveStream, TStream>();
        return this;
    }

    /// <summary>The area's demo data, seeded after that of the areas added before it.</summary>
    public CommunityWebBuilder AddDemoData<TDemo>() where TDemo : class, IDemoData
    {
        Services.AddSingleton<IDemoData, TDemo>();
        return this;
    }
}

/// <summary>One area's route mapping.</summary>
public sealed record AreaRoutes(Action<IEndpointRouteBuilder> Map);
