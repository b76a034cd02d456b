using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.Http;

/// <summary>
/// The <c>Idempotency-Key</c> header of a create: a client that retries after a lost answer sends the same key, and
/// the new thing's id is derived from the caller and the key, so the retry reaches the first one instead of making a
/// second. Without a key the id is random.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 100;

    public static ValidationProblem? Invalid(string? key) =>
        key is { Length: 0 or > MaxLength } || key?.Any(char.IsControl) == true
            ? Problems.Validation(Header, $"Between 1 and {MaxLength} printable characters.")
            : null;

    /// <summary><paramref name="prefix"/>, a dash and 16 hex digits.</summary>
    public static string NewId(string prefix, string userId, string? key) =>
        key is null
            ? $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)]
            : $"{prefix}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{key}")))[..16]}";
}
