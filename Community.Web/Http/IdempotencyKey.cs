using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.Http;

/// <summary>
/// The <c>Idempotency-Key</c> header of a create (the IETF httpapi Idempotency-Key draft): a client that retries after
/// a lost answer sends the same key, and the new thing's id is derived from the key, the caller and the route it was
/// used on, so the retry reaches the first one instead of making a second. The same key on another route (another
/// kind, another circle, another post) is another request with another id. The entity that holds the id compares a
/// repeat with what the first request created: the same request is answered as the first, another one is refused
/// (<c>IdempotencyKeyReused</c>, 422). Without a key the id is random.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 100;

    /// <summary>Characters of an id after its prefix: 128 bits in base32, so ids never meet across the network.</summary>
    public const int IdLength = 26;

    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    public static ValidationProblem? Invalid(string? key) =>
        key is { Length: 0 or > MaxLength } || key?.Any(char.IsControl) == true
            ? Problems.Validation(Header, $"Between 1 and {MaxLength} printable characters.")
            : null;

    /// <summary><paramref name="prefix"/>, a dash and <see cref="IdLength"/> base32 characters (an id of
    /// <see cref="EntityIds.Pattern"/>): with a key, of the SHA-256 of the prefix, <paramref name="route"/> (the route's
    /// kind and scope, e.g. <c>circles/c-1/posts</c>), the caller and the key; without one, random.</summary>
    public static string NewId(string prefix, string route, string userId, string? key)
    {
        var bits = key is null
            ? RandomNumberGenerator.GetBytes(16)
            : SHA256.HashData(Encoding.UTF8.GetBytes($"{prefix}\n{route}\n{userId}\n{key}"))[..16];
        return $"{prefix}-{ToBase32(bits)}";
    }

    private static string ToBase32(byte[] bytes)
    {
        var text = new StringBuilder(IdLength);
        int buffer = 0, buffered = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFFF; // at most 12 bits are still to be written
            buffered += 8;
            while (buffered >= 5)
            {
                buffered -= 5;
                text.Append(Base32[(buffer >> buffered) & 31]);
            }
        }
        if (buffered > 0) text.Append(Base32[(buffer << (5 - buffered)) & 31]);
        return text.ToString();
    }
}
