using System.Security.Cryptography;
using Community.Cluster.Hosting;
using Community.Web.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Community.Web.Auth;

/// <summary>The node's secrets: the token signing key and the user id key, each from configuration or generated once
/// into the data directory. Every node of a cluster needs the same ones: a node with seeds refuses to start without
/// them configured.</summary>
public static class SigningKey
{
    public const string FileName = "signing-key";
    public const string UserIdKeyFileName = "user-id-key";

    public static SymmetricSecurityKey Resolve(AuthOptions auth, CommunityClusterOptions cluster, ILogger logger) =>
        new(Secret(auth.SigningKey, "Community:Auth:SigningKey", FileName, cluster, logger)) { KeyId = "community" };

    /// <summary>The key user ids are derived with (<see cref="Users.UserIds"/>).</summary>
    public static byte[] ResolveUserIdKey(AuthOptions auth, CommunityClusterOptions cluster, ILogger logger) =>
        Secret(auth.UserIdKey, "Community:Auth:UserIdKey", UserIdKeyFileName, cluster, logger);

    /// <summary>A secret of the node: from <paramref name="configured"/> (base64), else generated once into
    /// <paramref name="fileName"/> in the data directory; refused on a node with seeds when not configured.</summary>
    internal static byte[] Secret(string? configured, string setting, string fileName, CommunityClusterOptions cluster, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Checked(Convert.FromBase64String(configured), setting);
        if (cluster.Cluster.Seeds.Count > 0)
            throw new InvalidOperationException(
                $"{setting} is not set, and this node joins a cluster: every node needs the same one (base64, at least 32 bytes).");

        var path = Path.Combine(cluster.FullDataDir, fileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(cluster.FullDataDir);
            var bytes = RandomNumberGenerator.GetBytes(64);
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                file.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            logger.LogInformation("Generated {Setting} at {Path}; set it on every node of a cluster", setting, path);
        }
        return Checked(Convert.FromBase64String(File.ReadAllText(path).Trim()), setting);
    }

    private static byte[] Checked(byte[] bytes, string setting) =>
        bytes.Length >= 32 ? bytes : throw new InvalidOperationException($"{setting} must be at least 32 bytes (base64).");
}
