using System.Security.Claims;
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
    public const string Audience = "community-clients";

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Subject) ?? throw new InvalidOperationException("An authenticated user has a subject.");

    /// <summary>A platform moderator (or admin): the "moderator or owner" rules of every area ask this.</summary>
    public static bool IsModerator(this ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);
}

public sealed class TokenService(SymmetricSecurityKey key, AuthOptions options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, int ExpiresIn) Issue(UserView user, ClientDto client)
    {
        var claims = new List<Claim>
        {
            new(CommunityClaims.Subject, user.UserId.Value),
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

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = CommunityClaims.Audience,
        IssuerSigningKey = key,
        NameClaimType = CommunityClaims.Name,
        RoleClaimType = CommunityClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
