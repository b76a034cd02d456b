using Community.Cluster.Creators;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Web.Demo;
using Community.Web.Users;

namespace Community.Web.Creators;

/// <summary>The demo creator accounts, owned by the demo creators.</summary>
public sealed class CreatorsDemo(UserIds ids) : IDemoData
{
    public sealed record DemoCreator(string CreatorId, string OwnerUserName, string Name, string OrgType, string RegionCode);

    public static readonly IReadOnlyList<DemoCreator> Creators =
    [
        new("cr-xihu", "creator-xihu", "西湖发布", OrgTypes.CountyMediaCenter, "330106"),
        new("cr-lens", "creator-lens", "光影浙江", OrgTypes.Individual, RegionCatalog.ProvinceCode),
    ];

    public int Steps => Creators.Count;

    public async Task SeedAsync(DemoSeeding seeding, CancellationToken cancellationToken)
    {
        foreach (var creator in Creators)
        {
            await seeding.EnsureAsync<CreatorRegion>(new RegisterCreator(new CreatorId(creator.CreatorId),
                ids.Of(creator.OwnerUserName), creator.Name, creator.OrgType, creator.RegionCode, seeding.Clock.GetUtcNow()),
                cancellationToken);
            seeding.Step();
        }
    }
}
