using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.Regions;

namespace Community.Cluster.HelpTickets;

/// <summary>
/// The departments that answer ask-the-government tickets: one per category in every region of the catalog (the
/// province, each city, each county), each supervised by the same category's department of the tiers above. Reference
/// data like the regions: it changes with a release. Ids are <c>d-{regionCode}-{category}</c>.
/// </summary>
public static class DepartmentDirectory
{
    // Category, its names, and the department's name below the province and at the province (厅 rather than 局).
    private static readonly (string Code, string Name, string NameEn, string Description, string Office, string ProvinceOffice, string OfficeEn)[] Kinds =
    [
        ("roads", "道路与市政设施", "Roads and street works", "Potholes, street lights, manholes, pavements",
            "城市管理局", "住房和城乡建设厅", "Urban Management Bureau"),
        ("housing", "住房与物业", "Housing and property", "Housing security, property management, rentals",
            "住房和城乡建设局", "住房和城乡建设厅", "Housing and Urban-Rural Development Bureau"),
        ("environment", "生态环境", "Environment", "Noise, air, water and waste",
            "生态环境局", "生态环境厅", "Ecology and Environment Bureau"),
        ("education", "教育", "Education", "Schools, enrolment, kindergartens",
            "教育局", "教育厅", "Education Bureau"),
        ("health", "医疗卫生", "Health", "Hospitals, clinics, public health",
            "卫生健康委员会", "卫生健康委员会", "Health Commission"),
        ("publicSafety", "公共安全", "Public safety", "Safety hazards, order, fire risks",
            "公安局", "公安厅", "Public Security Bureau"),
        ("socialInsurance", "社会保险", "Social insurance", "Pensions, medical insurance, unemployment benefits",
            "人力资源和社会保障局", "人力资源和社会保障厅", "Human Resources and Social Security Bureau"),
        ("consumerRights", "消费维权", "Consumer rights", "Refunds, quality, prices, food safety",
            "市场监督管理局", "市场监督管理局", "Market Regulation Administration"),
        ("transport", "交通出行", "Transport", "Buses, taxis, traffic, parking",
            "交通运输局", "交通运输厅", "Transport Bureau"),
    ];

    public static IReadOnlyList<TicketCategoryDto> Categories { get; } =
        [.. Kinds.Select(k => new TicketCategoryDto(k.Code, k.Name, k.NameEn, k.Description))];

    public static IReadOnlyList<DepartmentDto> Departments { get; } = Build();

    private static readonly Dictionary<string, DepartmentDto> ById = Departments.ToDictionary(d => d.DepartmentId);

    private static readonly HashSet<string> CategoryCodes = [.. Kinds.Select(k => k.Code)];

    public static bool IsCategory(string? code) => code is not null && CategoryCodes.Contains(code);

    public static DepartmentDto? Find(string? id) => id is not null && ById.TryGetValue(id, out var department) ? department : null;

    public static string IdOf(string regionCode, string category) => $"d-{regionCode}-{category}";

    /// <summary>Who handles a ticket of <paramref name="category"/> filed in <paramref name="regionCode"/>: that region's
    /// department of the category (the moderator confirms it or picks another on review).</summary>
    public static DepartmentDto? Suggest(string regionCode, string category) =>
        RegionCatalog.WithAncestors(regionCode).Select(r => Find(IdOf(r.Code, category))).FirstOrDefault(d => d is not null);

    /// <summary>Where the <paramref name="level"/>th escalation of a ticket with <paramref name="departmentId"/> goes
    /// (1 the tier above, 2 the one above that); null when there is no such tier.</summary>
    public static string? SupervisorAt(string? departmentId, int level) =>
        Find(departmentId) is { } department && level >= 1 && level <= department.SupervisorIds.Count
            ? department.SupervisorIds[level - 1]
            : null;

    private static List<DepartmentDto> Build()
    {
        var departments = new List<DepartmentDto>();
        foreach (var region in RegionCatalog.Regions)
        foreach (var kind in Kinds)
        {
            var office = region.Tier == Tiers.Province ? kind.ProvinceOffice : kind.Office;
            var supervisors = RegionCatalog.WithAncestors(region.Code).Skip(1).Select(r => IdOf(r.Code, kind.Code)).ToList();
            departments.Add(new DepartmentDto(IdOf(region.Code, kind.Code), region.Name + office, $"{region.NameEn} {kind.OfficeEn}",
                region.Code, region.Tier, kind.Code, supervisors));
        }
        return departments;
    }
}
