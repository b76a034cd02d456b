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

    /// <summary>The user id is a hash of the normalized name, so the user entity itself guards uniqueness: two
    /// registrations of one name on any nodes meet in the same entity, and sign-in needs no index.</summary>
    public static UserId ToUserId(string userName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(userName)));
        return new UserId("u-" + Convert.ToHexStringLower(hash.AsSpan(0, 12)));
    }

    public static bool IsValid(string? userName) => userName is not null && ValidName().IsMatch(userName);

    [GeneratedRegex(Pattern)]
    private static partial Regex ValidName();
}
