using System.Text.Json;
using Community.Cluster.Circles;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;

namespace Community.Cluster.Tests.Circles;

/// <summary>The circle's rules without an actor: decide a command on a <see cref="CircleState"/>, apply what it
/// decided, as the entity does once the journal confirmed the write. The state's seq after applying is the seq the
/// entity answers.</summary>
internal static class CircleRules
{
    public const string Id = "c-xihu";

    public static readonly CircleId Circle = new(Id);

    /// <summary>A created circle with no member counted yet (seq 1).</summary>
    public static CircleState Created() => CircleState.Empty(Id).Given(Samples.Circle(Id));

    /// <summary>Each command in turn is accepted with events, which are applied.</summary>
    public static CircleState Given(this CircleState state, params ICommunityMessage[] commands)
    {
        foreach (var command in commands)
            state = state.Accept(command).After;
        return state;
    }

    /// <summary>The command is accepted with events (none answered at once); the state after applying them.</summary>
    public static (CircleState After, IReadOnlyList<ICommunityEvent> Events) Accept(this CircleState state, ICommunityMessage command)
    {
        var decision = state.Decide(command);
        Assert.True(decision.Answer is null && decision.Forward is null,
            $"{command.GetType().Name} was answered at once with {decision.Answer} instead of persisting events");
        Assert.NotEmpty(decision.Events);
        return (decision.Events.Aggregate(state, (s, e) => s.Apply(e)), decision.Events);
    }

    /// <summary>The command is accepted with exactly one event of type <typeparamref name="T"/>.</summary>
    public static (CircleState After, T Event) Accept<T>(this CircleState state, ICommunityMessage command) where T : ICommunityEvent
    {
        var (after, events) = state.Accept(command);
        return (after, Assert.IsType<T>(Assert.Single(events)));
    }

    /// <summary>The command is rejected for <paramref name="reason"/>, with an explanation and nothing to persist.</summary>
    public static CommandRejected Rejects(this CircleState state, ICommunityMessage command, RejectionReason reason)
    {
        var decision = state.Decide(command);
        Assert.Empty(decision.Events);
        var rejected = Assert.IsType<CommandRejected>(decision.Answer);
        Assert.Equal(reason, rejected.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Detail), "a rejection explains itself");
        return rejected;
    }

    /// <summary>The command is an idempotent repeat: accepted with nothing to persist (so nothing to publish); the seq it
    /// is answered with.</summary>
    public static long Unchanged(this CircleState state, ICommunityMessage command)
    {
        var decision = state.Decide(command);
        Assert.Empty(decision.Events);
        return Assert.IsType<CommandAccepted>(decision.Answer).Seq;
    }

    public static CircleView View(this CircleState state) => Assert.IsType<CircleView>(state.Decide(new GetCircle(Circle)).Answer);

    /// <summary>What live clients are told of <paramref name="evt"/>, the last event applied to <paramref name="after"/>.</summary>
    public static LiveEvent Live(this CircleState after, ICommunityEvent evt)
    {
        var live = after.ToLive(evt, after.Seq);
        Assert.NotNull(live);
        Assert.Equal((LiveChannel.Circle, Id, after.Seq), (live.Channel, live.StreamId, live.Seq));
        return live;
    }

    public static JsonElement Data(this LiveEvent live)
    {
        using var document = JsonDocument.Parse(live.DataJson);
        return document.RootElement.Clone();
    }

    public static AdmitMember Admit(string userId, string admissionId, DateTimeOffset? at = null) =>
        new(Circle, new UserId(userId), admissionId, at ?? Samples.At);

    public static ReleaseMember Release(string userId, string releaseId, DateTimeOffset? at = null) =>
        new(Circle, new UserId(userId), releaseId, at ?? Samples.At);

    public static RemovePost Remove(string postId, string by, bool byPlatformModerator = false, string reason = "") =>
        new(Circle, postId, new UserId(by), byPlatformModerator, reason, Samples.At);

    public static AppointModerator Appoint(string moderator, string by = "u-owner") =>
        new(Circle, new UserId(moderator), new UserId(by), Samples.At);
}
