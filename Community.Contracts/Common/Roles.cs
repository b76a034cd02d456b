namespace Community.Contracts.Common;

/// <summary>The roles of API.md. Everyone is a reader; the others are granted.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Creator = "creator";
    public const string Department = "department";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    /// <summary>Roles an admin may grant through the admin route.</summary>
    public static readonly IReadOnlySet<string> Grantable = new HashSet<string> { Moderator, Department, Admin };

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Reader, Creator, Department, Moderator, Admin };
}
