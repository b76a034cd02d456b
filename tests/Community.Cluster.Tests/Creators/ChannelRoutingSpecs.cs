using Community.Cluster.Creators;
using Community.Contracts.Common;

namespace Community.Cluster.Tests.Creators;

/// <summary>Where a work lands: the creator's own region for its own tier, its ancestor for a tier above, every
/// region of the tier below under it; never a sibling region.</summary>
public sealed class ChannelRoutingSpecs
{
    private const string Zhejiang = "330000";
    private const string Hangzhou = "330100";
    private const string Xihu = "330106";
    private const string Huzhou = "330500";
    private const string Anji = "330523";

    private static readonly string[] HangzhouCounties =
        ["330102", "330105", "330106", "330108", "330109", "330110", "330111", "330112", "330113", "330114", "330122", "330127", "330182"];

    private static readonly string[] Cities =
        ["330100", "330200", "330300", "330400", "330500", "330600", "330700", "330800", "330900", "331000", "331100"];

    [Fact]
    public void A_county_creator_aiming_at_the_county_tier_lands_only_in_its_own_county()
    {
        Assert.Equal([Xihu], ChannelRouting.ChannelsOf(Xihu, [Tiers.County]));
        Assert.Equal([Anji], ChannelRouting.ChannelsOf(Anji, [Tiers.County]));
    }

    [Fact]
    public void A_county_creator_aiming_higher_lands_in_its_city_and_its_province()
    {
        Assert.Equal([Hangzhou], ChannelRouting.ChannelsOf(Xihu, [Tiers.City]));
        Assert.Equal([Zhejiang], ChannelRouting.ChannelsOf(Xihu, [Tiers.Province]));
        Assert.Equal([Huzhou], ChannelRouting.ChannelsOf(Anji, [Tiers.City]));
    }

    [Fact]
    public void Every_tier_at_once_is_the_county_its_city_and_the_province_in_code_order_without_repeats()
    {
        Assert.Equal([Zhejiang, Hangzhou, Xihu], ChannelRouting.ChannelsOf(Xihu, [Tiers.County, Tiers.Province, Tiers.City, Tiers.County]));
    }

    [Fact]
    public void A_city_creator_aiming_at_the_county_tier_lands_in_each_of_its_counties_and_no_other()
    {
        Assert.Equal(HangzhouCounties, ChannelRouting.ChannelsOf(Hangzhou, [Tiers.County]));
        Assert.Equal(["330502", "330503", "330521", "330522", "330523"], ChannelRouting.ChannelsOf(Huzhou, [Tiers.County]));
        Assert.Equal([Hangzhou], ChannelRouting.ChannelsOf(Hangzhou, [Tiers.City]));
        Assert.Equal([Zhejiang], ChannelRouting.ChannelsOf(Hangzhou, [Tiers.Province]));
    }

    [Fact]
    public void A_province_creator_aiming_at_the_city_tier_lands_in_every_city()
    {
        Assert.Equal(Cities, ChannelRouting.ChannelsOf(Zhejiang, [Tiers.City]));
        Assert.Equal([Zhejiang], ChannelRouting.ChannelsOf(Zhejiang, [Tiers.Province]));
        // Every county of the catalog (the ones under Hangzhou, Huzhou and Jinhua).
        Assert.Equal(27, ChannelRouting.ChannelsOf(Zhejiang, [Tiers.County]).Count);
    }

    [Fact]
    public void An_unknown_region_or_tier_routes_nowhere()
    {
        Assert.Empty(ChannelRouting.ChannelsOf("110000", [Tiers.Province, Tiers.City, Tiers.County]));
        Assert.Empty(ChannelRouting.ChannelsOf(Xihu, ["nation"]));
        Assert.Empty(ChannelRouting.ChannelsOf(Xihu, []));
    }
}
