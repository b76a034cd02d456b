namespace Community.Contracts.Behavior;

/// <summary>What a reader did with an item, as clients report it to <c>POST /api/events</c> and the behavior log stores it.</summary>
public static class BehaviorKinds
{
    public const string View = "view";

    /// <summary>Time spent on the item; the only kind that carries <c>ms</c>.</summary>
    public const string Dwell = "dwell";

    public const string Click = "click";
    public const string Share = "share";

    /// <summary>"Not interested": a negative signal for the recommender.</summary>
    public const string Hide = "hide";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { View, Dwell, Click, Share, Hide };
}

/// <summary>The kinds of item a behavior event is about.</summary>
public static class BehaviorItemKinds
{
    public const string Post = "post";
    public const string Work = "work";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Post, Work };
}

/// <summary>The limits of one behavior request and of its events.</summary>
public static class BehaviorLimits
{
    public const int MaxEventsPerRequest = 500;

    /// <summary>Longer than an entity id (64): a work id names its account (<c>{creatorId}-w-{26}</c>).</summary>
    public const int MaxItemId = 120;

    public const int MinDwellMs = 1;

    /// <summary>A day: anything longer is a tab left open, not attention.</summary>
    public const int MaxDwellMs = 86_400_000;

    /// <summary>How far a client's clock may run ahead of the server's.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>How old an event an offline client may still send.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);
}
