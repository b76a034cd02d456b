using Community.Contracts.Common;
using Community.Contracts.Regions;

namespace Community.Cluster.Regions;

/// <summary>Zhejiang: the province, its 11 cities, and the counties of Hangzhou, Huzhou and Jinhua
/// (administrative division codes). Reference data: it changes with a release, not at run time.</summary>
public static class RegionCatalog
{
    public const string ProvinceCode = "330000";

    private static readonly (string Code, string Name, string NameEn)[] Cities =
    [
        ("330100", "杭州市", "Hangzhou"), ("330200", "宁波市", "Ningbo"), ("330300", "温州市", "Wenzhou"),
        ("330400", "嘉兴市", "Jiaxing"), ("330500", "湖州市", "Huzhou"), ("330600", "绍兴市", "Shaoxing"),
        ("330700", "金华市", "Jinhua"), ("330800", "衢州市", "Quzhou"), ("330900", "舟山市", "Zhoushan"),
        ("331000", "台州市", "Taizhou"), ("331100", "丽水市", "Lishui"),
    ];

    private static readonly (string Code, string Name, string NameEn)[] Counties =
    [
        ("330102", "上城区", "Shangcheng"), ("330105", "拱墅区", "Gongshu"), ("330106", "西湖区", "Xihu"),
        ("330108", "滨江区", "Binjiang"), ("330109", "萧山区", "Xiaoshan"), ("330110", "余杭区", "Yuhang"),
        ("330111", "富阳区", "Fuyang"), ("330112", "临安区", "Lin'an"), ("330113", "临平区", "Linping"),
        ("330114", "钱塘区", "Qiantang"), ("330122", "桐庐县", "Tonglu"), ("330127", "淳安县", "Chun'an"),
        ("330182", "建德市", "Jiande"),
        ("330502", "吴兴区", "Wuxing"), ("330503", "南浔区", "Nanxun"), ("330521", "德清县", "Deqing"),
        ("330522", "长兴县", "Changxing"), ("330523", "安吉县", "Anji"),
        ("330702", "婺城区", "Wucheng"), ("330703", "金东区", "Jindong"), ("330723", "武义县", "Wuyi"),
        ("330726", "浦江县", "Pujiang"), ("330727", "磐安县", "Pan'an"), ("330781", "兰溪市", "Lanxi"),
        ("330782", "义乌市", "Yiwu"), ("330783", "东阳市", "Dongyang"), ("330784", "永康市", "Yongkang"),
    ];

    public static IReadOnlyList<RegionDto> Regions { get; } = BuildRegions();

    public static IReadOnlyList<ClientDto> Clients { get; } = BuildClients();

    private static readonly Dictionary<string, RegionDto> ByCode = Regions.ToDictionary(r => r.Code);
    private static readonly Dictionary<string, ClientDto> ClientsById = Clients.ToDictionary(c => c.ClientId);

    public static RegionDto? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var region) ? region : null;

    public static ClientDto? FindClient(string? clientId) =>
        clientId is not null && ClientsById.TryGetValue(clientId, out var client) ? client : null;

    /// <summary>The region and its ancestors, nearest first: a county reader's county, city and province.</summary>
    public static IEnumerable<RegionDto> WithAncestors(string code)
    {
        for (var region = Find(code); region is not null; region = Find(region.ParentCode))
            yield return region;
    }

    private static List<RegionDto> BuildRegions()
    {
        var regions = new List<RegionDto> { new(ProvinceCode, "浙江省", "Zhejiang", Tiers.Province, null) };
        regions.AddRange(Cities.Select(c => new RegionDto(c.Code, c.Name, c.NameEn, Tiers.City, ProvinceCode)));
        regions.AddRange(Counties.Select(c => new RegionDto(c.Code, c.Name, c.NameEn, Tiers.County, c.Code[..4] + "00")));
        return regions;
    }

    private static List<ClientDto> BuildClients()
    {
        var clients = new List<ClientDto>
        {
            new("chao-news", "潮新闻", Tiers.Province, ProvinceCode),
            new("z-vision", "Z视介", Tiers.Province, ProvinceCode),
        };
        clients.AddRange(Cities.Select(c => new ClientDto($"city-{c.Code}", $"{c.Name}融媒体中心", Tiers.City, c.Code)));
        clients.AddRange(Counties.Select(c => new ClientDto($"county-{c.Code}", $"{c.Name}融媒体中心", Tiers.County, c.Code)));
        return clients;
    }
}
