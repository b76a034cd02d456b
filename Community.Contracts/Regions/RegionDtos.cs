namespace Community.Contracts.Regions;

/// <summary>A region of the province: the province itself, a city, or a county (district, county-level city).</summary>
public sealed record RegionDto(string Code, string Name, string NameEn, string Tier, string? ParentCode);

/// <summary>A registered client app: the province's flagship clients and each city's and county's media center app.</summary>
public sealed record ClientDto(string ClientId, string Name, string Tier, string RegionCode);

/// <summary>A government department that works ask-the-government tickets.</summary>
public sealed record DepartmentDto(string DepartmentId, string Name, string RegionCode);
