using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Community.Contracts.Common;
using Community.Contracts.Regions;
using Community.Contracts.Users;
using Community.Web.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Community.Web.Auth;

/// <summary>Claims of our bearer tokens.</summary>
public static class CommunityClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Department = "dept";
    public const string Client = "client_id";
    public const string Tier = "tier";
    public const string Region = "region";
    public const string Session = "sid";
    public const string Audience = "community-clients";

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Subject) ?? throw new InvalidOperationException("An authenticated user has a subject.");

    /// <summary>A platform moderator (or admin): the "moderator or owner" rules of every area ask this.</summary>
    /// <summary>The session the token names (every token since sessions exist names one).</summary>
    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(Session);

    public static bool IsModerator(this ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);
}

public sealed class TokenService(SymmetricSecurityKey key, AuthOptions options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A short-lived access token for <paramref name="sessionId"/>, with the user's roles now (a change later is
    /// read from the session cache on every request, not from the token).</summary>
    public (string Token, int ExpiresIn) Issue(UserView user, ClientDto client, string sessionId)
    {
        var claims = new List<Claim>
        {
            new(CommunityClaims.Subject, user.UserId.Value),
            new(CommunityClaims.Session, sessionId),
            new(CommunityClaims.Name, user.UserName),
            new(CommunityClaims.Client, client.ClientId),
            new(CommunityClaims.Tier, client.Tier),
            new(CommunityClaims.Region, user.RegionCode),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(CommunityClaims.Role, role)));
        if (user.DepartmentId is { } department) claims.Add(new Claim(CommunityClaims.Department, department));

        var now = clock.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = CommunityClaims.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.TokenLifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)options.TokenLifetime.TotalSeconds);
    }

    /// <summary>A new session id and its first refresh token.</summary>
    public static (string SessionId, string RefreshToken) NewSession(string userId)
    {
        var sessionId = "s-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return (sessionId, NewRefreshToken(sessionId, userId));
    }

    /// <summary><c>{sessionId}.{userId}.{secret}</c>: 256 random bits, of which only the SHA-256 is stored; the ids say
    /// which entity to ask, the secret proves the holder.</summary>
    public static string NewRefreshToken(string sessionId, string userId) =>
        $"{sessionId}.{userId}.{Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>The session and user a refresh token names, or null when it is not one of ours in form.</summary>
    public static (string SessionId, string UserId)? ParseRefreshToken(string? refreshToken)
    {
        if (refreshToken is not { Length: > 10 and < 300 }) return null;
        var parts = refreshToken.Split('.');
        return parts.Length == 3 && parts[0].StartsWith("s-", StringComparison.Ordinal) && parts[0].Length == 34
            && Http.EntityIds.IsValid(parts[1]) && parts[2].Length >= 40
            ? (parts[0], parts[1])
            : null;
    }

    public static string Hash(string refreshToken) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));

    /// <summary>The principal of a valid access token of ours, or null.</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192) return null;
        var result = await _handler.ValidateTokenAsync(token, ValidationParameters());
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = CommunityClaims.Audience,
        IssuerSigningKey = key,
        NameClaimType = CommunityClaims.Name,
        RoleClaimType = CommunityClaims.Role,
        // Nodes keep time with NTP: a few seconds of skew, not the library's five minutes (tokens live 15).
        ClockSkew = TimeSpan.FromSeconds(5),
        // Tokens are issued on the host's clock, so they are checked on it too (the library would read the wall clock).
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew)
                && (expires is null || expires.Value > now - parameters.ClockSkew);
        },
    };
}
