namespace Community.Contracts.Regions;

/// <summary>A region of the province: the province itself, a city, or a county (district, county-level city).</summary>
public sealed record RegionDto(string Code, string Name, string NameEn, string Tier, string? ParentCode);

/// <summary>A registered client app: the province's flagship clients and each city's and county's media center app.</summary>
public sealed record ClientDto(string ClientId, string Name, string Tier, string RegionCode);

/// <summary>A government department that works ask-the-government tickets of one category in one region.</summary>
/// <param name="SupervisorIds">The same category's departments of the tiers above, nearest first: where an overdue
/// ticket of this department is flagged (a county's: its city's, then the province's).</param>
public sealed record DepartmentDto(
    string DepartmentId, string Name, string NameEn, string RegionCode, string Tier, string Category, IReadOnlyList<string> SupervisorIds);

/// <summary>A category of ask-the-government tickets; <paramref name="Code"/> is also the Open311 service code.</summary>
public sealed record TicketCategoryDto(string Code, string Name, string NameEn, string Description);
