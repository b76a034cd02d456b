namespace Community.Contracts.Common;

/// <summary>The three tiers of the media network.</summary>
public static class Tiers
{
    public const string Province = "province";
    public const string City = "city";
    public const string County = "county";

    public static readonly IReadOnlyList<string> All = [Province, City, County];
}
