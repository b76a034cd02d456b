using System.Security.Cryptography;
using System.Text;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Contracts.Regions;
using Community.Web.Auth;
using Microsoft.Extensions.Options;

namespace Community.Web.HelpTickets;

/// <summary>The <c>Community:Open311</c> configuration section.</summary>
public sealed class Open311Options
{
    public const string Section = "Community:Open311";

    /// <summary>Base64 key (at least 32 bytes) the Open311 API keys are derived from. Every node of a cluster needs the
    /// same one; when empty on a node without seeds, one is generated once into the data directory. A new key revokes
    /// every API key issued with the old one.</summary>
    public string? KeySecret { get; set; }

    /// <summary>Open311 requests (<c>POST /open311/v2/requests</c>) one client address may send per minute.</summary>
    public int WritesPerAddressPerMinute { get; set; } = 60;

    /// <summary>API keys one admin may issue per minute.</summary>
    public int KeysPerUserPerMinute { get; set; } = 10;
}

/// <summary>
/// The API keys of the Open311 clients, one per registered client (<see cref="RegionCatalog.Clients"/>), derived
/// rather than stored: <c>{clientId}.{hex HMAC-SHA256 of the client id under the key secret}</c>. Every node with the
/// same secret issues and accepts the same keys, and nothing is journaled; rotating the secret revokes them all.
/// </summary>
public sealed class Open311Keys
{
    public const string SecretFileName = "open311-key-secret";
    public const string SecretSetting = "Community:Open311:KeySecret";

    /// <summary>The service user a client's requests are filed as: <c>open311:{clientId}</c>. Real user ids are
    /// <c>u-{hex}</c> (<see cref="Users.UserIds"/>) and demo or system ones have no colon, so it meets none of them.</summary>
    public const string AccountPrefix = "open311:";

    private readonly byte[]? _secret;

    public Open311Keys(IOptions<Open311Options> options, CommunityClusterOptions cluster, ILogger<Open311Keys> logger)
    {
        try
        {
            _secret = SigningKey.Secret(options.Value.KeySecret, SecretSetting, SecretFileName, cluster, logger);
        }
        catch (InvalidOperationException unset)
        {
            // A cluster node without the shared secret: reads work, keys are neither issued nor accepted.
            Unavailable = unset.Message;
            logger.LogError("Open311 API keys are unavailable on this node: {Reason}", unset.Message);
        }
    }

    /// <summary>Why no key can be issued or checked on this node (a cluster node without <see cref="SecretSetting"/>), or null.</summary>
    public string? Unavailable { get; }

    public static string AccountOf(string clientId) => AccountPrefix + clientId;

    /// <summary>The key of <paramref name="clientId"/>; null when keys are unavailable.</summary>
    public string? KeyOf(string clientId) => _secret is null ? null : $"{clientId}.{Mac(clientId)}";

    /// <summary>The registered client whose key <paramref name="apiKey"/> is, or null.</summary>
    public ClientDto? ClientOf(string apiKey)
    {
        if (_secret is null) return null;
        var dot = apiKey.LastIndexOf('.');
        if (dot <= 0 || RegionCatalog.FindClient(apiKey[..dot]) is not { } client) return null;
        var expected = Encoding.ASCII.GetBytes(Mac(client.ClientId));
        var given = Encoding.UTF8.GetBytes(apiKey[(dot + 1)..]);
        return given.Length == expected.Length && CryptographicOperations.FixedTimeEquals(given, expected) ? client : null;
    }

    private string Mac(string clientId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret!, Encoding.UTF8.GetBytes($"open311-api-key\n{clientId}")));
}
