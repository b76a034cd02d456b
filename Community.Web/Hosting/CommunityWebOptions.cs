namespace Community.Web.Hosting;

/// <summary>The web host's part of the <c>Community</c> configuration section.</summary>
public sealed class CommunityWebOptions
{
    public AuthOptions Auth { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public NameOptions Names { get; set; } = new();

    public ProxyOptions Proxies { get; set; } = new();
}

public sealed class ProxyOptions
{
    /// <summary>Reverse proxies (addresses such as <c>10.0.0.5</c>, or networks such as <c>10.0.0.0/24</c>) whose
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. Empty (the default): the headers are ignored
    /// and the connection's own address is the client's.</summary>
    public List<string> Trusted { get; set; } = [];
}

public sealed class AuthOptions
{
    /// <summary>Base64 HMAC-SHA256 key (at least 32 bytes). Every node of a cluster needs the same one. When empty, a key
    /// is generated once into the data directory (fine for one node).</summary>
    public string? SigningKey { get; set; }

    /// <summary>Base64 key (at least 32 bytes) user ids are derived with, so that nobody without it can tell a user
    /// name from an id. Every node of a cluster needs the same one, for the life of the cluster: a new key gives every
    /// user a new id. When empty on a node without seeds, a key is generated once into the data directory.</summary>
    public string? UserIdKey { get; set; }

    public string Issuer { get; set; } = "onenetwork.community";

    /// <summary>How long an access token is good for; a client refreshes it with its refresh token. Short, so that a
    /// stolen token is worth little; revocations do not wait for it (every request checks the session).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A session not refreshed for this long ends: its refresh token is refused.</summary>
    public TimeSpan SessionIdleLimit { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Users whose roles and sessions a node keeps in memory for the per-request check (about 200 bytes each);
    /// beyond it, the least recently used are dropped and asked again when they return.</summary>
    public int SessionCacheSize { get; set; } = 200_000;

    /// <summary>Failed sign-ins of one account from one address before that pair is refused (for the window).</summary>
    public int SignInFailuresPerAccountAndAddress { get; set; } = 10;

    /// <summary>Failed sign-ins of one account from all addresses before it is refused from addresses it has no open
    /// session from (distributed guessing); its known addresses still sign in.</summary>
    public int SignInFailuresPerAccount { get; set; } = 100;

    /// <summary>How long failed sign-ins are counted.</summary>
    public TimeSpan SignInFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts allowed per client address per minute.</summary>
    public int SignInPerAddressPerMinute { get; set; } = 60;

    /// <summary>Token refreshes from one client address per minute.</summary>
    public int RefreshesPerAddressPerMinute { get; set; } = 120;

    /// <summary>Sign-outs, ended sessions, role grants and role revocations one user may make per minute.</summary>
    public int SessionWritesPerUserPerMinute { get; set; } = 30;

    /// <summary>Profile changes (<c>PATCH /api/me</c>) one user may make per minute.</summary>
    public int ProfileUpdatesPerUserPerMinute { get; set; } = 20;

    /// <summary>Registrations from one client address per minute (scripted sign-up floods).</summary>
    public int RegistrationsPerAddressPerMinute { get; set; } = 20;
}

public sealed class DemoOptions
{
    /// <summary>Seed regions' demo accounts and circles on start (idempotent).</summary>
    public bool Enabled { get; set; }

    /// <summary>The one password of every demo account. For local use only.</summary>
    public string Password { get; set; } = "Demo#2026";
}

public sealed class NameOptions
{
    /// <summary>What readers' display names must not look like (<c>Http/TextRules.cs</c>): staff titles in English and
    /// Chinese.</summary>
    public static readonly IReadOnlyList<string> DefaultReserved =
        ["admin", "administrator", "moderator", "system", "official", "管理员", "系统", "官方", "客服", "版主", "小编"];

    /// <summary>Names only staff may use, matched as part of a display name after normalising both (case, full-width
    /// letters, spaces, punctuation and invisible characters do not count). Null (not configured): <see cref="DefaultReserved"/>;
    /// configured entries replace the defaults.</summary>
    public List<string>? Reserved { get; set; }
}

public sealed class LimitOptions
{
    /// <summary>Largest request body Kestrel accepts; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
