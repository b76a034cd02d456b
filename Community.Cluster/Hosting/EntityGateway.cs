using Akka.Actor;
using Akka.Hosting;
using Community.Contracts.Common;

namespace Community.Cluster.Hosting;

/// <summary>
/// Asks an entity through its shard region with the configured timeout, typed: a command answers
/// <see cref="CommandAccepted"/> or <see cref="CommandRejected"/>, a query its view or a rejection. Entities answer every
/// message; any other answer is a broken protocol and throws <see cref="UnexpectedReplyException"/>.
/// </summary>
public sealed class EntityGateway(ActorRegistry registry, CommunityClusterOptions options)
{
    /// <summary>A command: accepted (its events are in the journal) or rejected (nothing changed).</summary>
    public async Task<CommandReply> SendAsync<TRegion>(ICommunityMessage command, CancellationToken cancellationToken = default) =>
        await AskRawAsync<TRegion>(command, cancellationToken) switch
        {
            CommandReply reply => reply,
            var other => throw new UnexpectedReplyException(command, other),
        };

    /// <summary>A query: the entity's <typeparamref name="TView"/>, or why not.</summary>
    public async Task<EntityAnswer<TView>> AskAsync<TRegion, TView>(ICommunityMessage query, CancellationToken cancellationToken = default)
        where TView : class =>
        await AskRawAsync<TRegion>(query, cancellationToken) switch
        {
            TView view => new(view, null),
            CommandRejected rejected => new(null, rejected),
            var other => throw new UnexpectedReplyException(query, other),
        };

    private Task<object> AskRawAsync<TRegion>(ICommunityMessage message, CancellationToken cancellationToken) =>
        registry.Get<TRegion>().Ask<object>(message, options.Entities.AskTimeout, cancellationToken);
}

/// <summary>A query's answer: the view, or the entity's rejection.</summary>
public readonly record struct EntityAnswer<TView>(TView? View, CommandRejected? Rejected) where TView : class
{
    public bool TryGet(out TView view, out CommandRejected rejected)
    {
        view = View!;
        rejected = Rejected!;
        return View is not null;
    }
}

/// <summary>An entity answered with something its protocol does not allow: a bug, never the caller's fault.</summary>
public sealed class UnexpectedReplyException(ICommunityMessage message, object reply)
    : InvalidOperationException($"{message.GetType().Name} was answered with {reply.GetType().Name}.");
