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

    public string Issuer { get; set; } = "onenetwork.community";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Sign-in attempts allowed per account per minute, whatever the outcome.</summary>
    public int SignInPerAccountPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts allowed per client address per minute.</summary>
    public int SignInPerAddressPerMinute { get; set; } = 60;

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
