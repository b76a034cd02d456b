using Community.Contracts.Common;

namespace Community.Contracts.Creators;

/// <summary>Routes a message to the creator ("Chaominghao") entity it names.</summary>
public interface IWithCreatorId
{
    CreatorId CreatorId { get; }
}

public interface ICreatorCommand : IWithCreatorId, ICommunityMessage;

[JournalTag("creators")]
public interface ICreatorEvent : ICommunityEvent;

public static class OrgTypes
{
    public const string CountyMediaCenter = "countyMediaCenter";
    public const string Institution = "institution";
    public const string Individual = "individual";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { CountyMediaCenter, Institution, Individual };
}

public static class CreatorStatuses
{
    public const string Pending = "pending";
    public const string Verified = "verified";
    public const string Rejected = "rejected";
}

[Manifest("register-creator.v1")]
public sealed record RegisterCreator(
    CreatorId CreatorId, UserId OwnerId, string Name, string OrgType, string RegionCode, DateTimeOffset At) : ICreatorCommand;

/// <summary>Query: answered with <see cref="CreatorView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
[Manifest("get-creator.v1")]
public sealed record GetCreator(CreatorId CreatorId) : ICreatorCommand;

[Manifest("creator-registered.v1")]
public sealed record CreatorRegistered(
    CreatorId CreatorId, UserId OwnerId, string Name, string OrgType, string RegionCode, DateTimeOffset At) : ICreatorEvent;

[Manifest("creator-view.v1")]
public sealed record CreatorView(
    CreatorId CreatorId, UserId OwnerId, string Name, string OrgType, string RegionCode, string Status, long Seq, DateTimeOffset RegisteredAt)
    : ICommunityMessage;
