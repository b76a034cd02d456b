using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Community.Cluster.Circles;

/// <summary>
/// What a create asked for, as 64 bits of a SHA-256 of its content. A create's id is derived from the caller's
/// Idempotency-Key, so a second create with the same id is either a replay (same content: answered as the first) or the
/// key reused for another request (other content: refused). The content is what the created event stores, so the
/// fingerprint is computed from the event when it is applied (events already in the journal included) and from the
/// command on a repeat; nothing new is persisted. 64 bits are plenty: only one caller's requests under one id are ever
/// compared.
/// </summary>
public static class RequestFingerprint
{
    public static long OfPost(string text, ImmutableArray<string> imageUrls, string? topicId)
    {
        List<string?> fields = ["post", text, topicId];
        if (!imageUrls.IsDefault) fields.AddRange(imageUrls);
        return Of(fields);
    }

    public static long OfComment(string text) => Of(["comment", text]);

    /// <summary>The window as instants: the same time written with another offset is the same request.</summary>
    public static long OfTopic(string title, string description, DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        Of(["topic", title, description, Instant(startsAt), Instant(endsAt)]);

    private static string Instant(DateTimeOffset at) => at.UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>Each field length-prefixed (null apart from empty), so no two lists of fields read the same.</summary>
    private static long Of(IReadOnlyList<string?> fields)
    {
        var canonical = new StringBuilder();
        foreach (var field in fields)
            canonical.Append(field is null ? "-" : field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        return BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
