namespace Community.Contracts.Common;

/// <summary>The stable name a message is stored and sent under (<c>user-registered.v1</c>), so the journal holds no
/// .NET type names. Once persisted, a manifest never names another shape: a changed event is a new record with a new
/// manifest (<c>.v2</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ManifestAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The journal tag of an area's events, put on the area's event interface (<c>ICircleEvent</c>):
/// projections read one area's events in journal order by it.</summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class JournalTagAttribute(string tag) : Attribute
{
    public string Tag { get; } = tag;
}
