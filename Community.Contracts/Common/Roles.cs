namespace Community.Contracts.Common;

/// <summary>The roles of API.md. Everyone is a reader; the others are granted.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Creator = "creator";
    public const string Department = "department";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    /// <summary>A journalist of the network's media: follows tickets as story leads and attaches public reports.</summary>
    public const string Reporter = "reporter";

    /// <summary>Roles an admin may grant through the admin route.</summary>
    public static readonly IReadOnlySet<string> Grantable = new HashSet<string> { Moderator, Department, Admin, Reporter };

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Reader, Creator, Department, Moderator, Admin, Reporter };
}
