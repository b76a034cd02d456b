using Community.Cluster.Regions;
using Community.Contracts.Regions;

namespace Community.Web.Regions;

/// <summary>Reference data: regions and clients are public because registration and sign-in pages need them.</summary>
public static class RegionsApi
{
    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api").WithTags("Regions").AllowAnonymous();
        api.MapGet("regions", () => TypedResults.Ok<IReadOnlyList<RegionDto>>(RegionCatalog.Regions))
            .WithName("listRegions").WithSummary("The province, its cities and their counties");
        api.MapGet("clients", () => TypedResults.Ok<IReadOnlyList<ClientDto>>(RegionCatalog.Clients))
            .WithName("listClients").WithSummary("The registered clients of every tier");
        return app;
    }
}
