using Community.Contracts.Common;
using Microsoft.AspNetCore.Authorization;

namespace Community.Web.Auth;

/// <summary>Authorization policies by role. Every route states its policy; the fallback requires a signed-in user.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Moderator = "moderator";
    public const string Department = "department";
    public const string Reporter = "reporter";

    public static AuthorizationBuilder AddCommunityPolicies(this AuthorizationBuilder builder) => builder
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
        .AddPolicy(Moderator, p => p.RequireRole(Roles.Moderator, Roles.Admin))
        .AddPolicy(Department, p => p.RequireRole(Roles.Department))
        .AddPolicy(Reporter, p => p.RequireRole(Roles.Reporter));
}
