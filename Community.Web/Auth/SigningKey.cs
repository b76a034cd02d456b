using System.Security.Cryptography;
using Community.Cluster.Hosting;
using Community.Web.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Community.Web.Auth;

/// <summary>The token signing key: from configuration, or generated once into the data directory.</summary>
public static class SigningKey
{
    public const string FileName = "signing-key";

    public static SymmetricSecurityKey Resolve(AuthOptions auth, CommunityClusterOptions cluster, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
            return Checked(Convert.FromBase64String(auth.SigningKey));

        var path = Path.Combine(cluster.FullDataDir, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(cluster.FullDataDir);
            var bytes = RandomNumberGenerator.GetBytes(64);
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                file.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            logger.LogInformation("Generated a token signing key at {Path}; set Community:Auth:SigningKey on every node of a cluster", path);
        }
        return Checked(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    private static SymmetricSecurityKey Checked(byte[] bytes) =>
        bytes.Length >= 32
            ? new SymmetricSecurityKey(bytes) { KeyId = "community" }
            : throw new InvalidOperationException("Community:Auth:SigningKey must be at least 32 bytes (base64).");
}
