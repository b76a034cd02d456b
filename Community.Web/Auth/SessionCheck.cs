using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Community.Web.Auth;

/// <summary>
/// Run on every request (and hub connection) after the token's signature and lifetime checked out: the token's session
/// must still be open, and the user's roles and department are taken from the session cache, not the token, so a
/// grant, a revocation or a sign-out elsewhere takes effect on the next request.
/// </summary>
public static class SessionCheck
{
    public static async Task OnTokenValidated(TokenValidatedContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionCache>();
        if (context.Principal?.Identity is not ClaimsIdentity identity)
            context.Fail("The token names no session; sign in again.");
        else if (await CheckAsync(identity, sessions, context.HttpContext.RequestAborted) is { } failure)
            context.Fail(failure);
    }

    /// <summary>Null when the identity's session is open (its roles then are the current ones); else why not.</summary>
    public static async ValueTask<string?> CheckAsync(ClaimsIdentity identity, SessionCache sessions, CancellationToken cancellationToken)
    {
        var userId = identity.FindFirst(CommunityClaims.Subject)?.Value;
        var sessionId = identity.FindFirst(CommunityClaims.Session)?.Value;
        if (userId is null || sessionId is null) return "The token names no session; sign in again.";
        var auth = await sessions.GetAsync(userId, cancellationToken);
        if (auth is null || !auth.Sessions.Contains(sessionId)) return "The session has ended; sign in again.";
        foreach (var stale in identity.FindAll(c => c.Type is CommunityClaims.Role or CommunityClaims.Department).ToList())
            identity.RemoveClaim(stale);
        foreach (var role in auth.Roles) identity.AddClaim(new Claim(CommunityClaims.Role, role));
        if (auth.DepartmentId is { } department) identity.AddClaim(new Claim(CommunityClaims.Department, department));
        return null;
    }
}
