using Community.Cluster.Regions;
using Community.Contracts.Common;

namespace Community.Cluster.Creators;

/// <summary>
/// Which regions' channels a work lands in. For each target tier: the creator's own region when it is of that tier,
/// its ancestor of that tier when the tier is above, and every region of that tier under it when the tier is below.
/// So a county creator aiming at the county tier reaches only its own county, never a sibling county.
/// </summary>
public static class ChannelRouting
{
    /// <summary>The channels' region codes, distinct and in code order; empty for an unknown region. Unknown tiers are
    /// ignored.</summary>
    public static IReadOnlyList<string> ChannelsOf(string creatorRegionCode, IEnumerable<string> targetTiers)
    {
        var region = RegionCatalog.Find(creatorRegionCode);
        if (region is null) return [];
        var rank = Rank(region.Tier);
        var channels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tier in targetTiers.Distinct(StringComparer.Ordinal))
        {
            var target = Rank(tier);
            if (target < 0) continue;
            if (target == rank)
                channels.Add(region.Code);
            else if (target < rank)
                channels.UnionWith(RegionCatalog.WithAncestors(region.Code).Where(r => r.Tier == tier).Select(r => r.Code));
            else
                channels.UnionWith(RegionCatalog.Regions
                    .Where(r => r.Tier == tier && RegionCatalog.WithAncestors(r.Code).Any(a => a.Code == region.Code))
                    .Select(r => r.Code));
        }
        return [.. channels];
    }

    /// <summary>0 for the province, 1 for a city, 2 for a county; -1 for anything else.</summary>
    private static int Rank(string tier) => tier switch
    {
        Tiers.Province => 0,
        Tiers.City => 1,
        Tiers.County => 2,
        _ => -1,
    };
}
