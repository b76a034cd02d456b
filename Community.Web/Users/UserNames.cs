using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Community.Contracts.Common;

namespace Community.Web.Users;

/// <summary>User names and the user ids derived from them.</summary>
public static partial class UserNames
{
    /// <summary>Letters (any script), digits, '_', '.', '-'; 3 to 32 characters.</summary>
    public const string Pattern = @"^[\p{L}\p{N}_.\-]{3,32}$";

    public static string Normalize(string userName) => userName.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    public static bool IsValid(string? userName) => userName is not null && ValidName().IsMatch(userName);

    [GeneratedRegex(Pattern)]
    private static partial Regex ValidName();
}

/// <summary>
/// User ids: an HMAC-SHA256 of the normalized user name under the cluster's user id key, so the user entity itself
/// guards uniqueness (two registrations of one name on any nodes meet in the same entity, and sign-in needs no index)
/// while nobody without the key can tell a name from an id seen in posts and circles.
/// </summary>
public sealed class UserIds(byte[] key)
{
    public UserId Of(string userName)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(UserNames.Normalize(userName)));
        return new UserId("u-" + Convert.ToHexStringLower(mac.AsSpan(0, 16)));
    }
}
