using Community.Contracts.Common;

namespace Community.Contracts.Circles;

/// <summary>Routes a message to the circle entity it names.</summary>
public interface IWithCircleId
{
    CircleId CircleId { get; }
}

public interface ICircleCommand : IWithCircleId, ICommunityMessage;

public interface ICircleEvent : ICommunityEvent;

public sealed record CreateCircle(
    CircleId CircleId, UserId OwnerId, string Name, string Description, string RegionCode, DateTimeOffset At) : ICircleCommand;

/// <summary>Query: answered with <see cref="CircleView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
public sealed record GetCircle(CircleId CircleId) : ICircleCommand;

public sealed record CircleCreated(
    CircleId CircleId, UserId OwnerId, string Name, string Description, string RegionCode, DateTimeOffset At) : ICircleEvent;

public sealed record CircleView(
    CircleId CircleId, UserId OwnerId, string Name, string Description, string RegionCode, long MemberCount, long Seq, DateTimeOffset CreatedAt)
    : ICommunityMessage;
