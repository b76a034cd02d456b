using Akka.Actor;
using Community.Cluster.Hosting;
using Community.Contracts.Common;
using Community.Web.Hosting;

namespace Community.Web.Demo;

/// <summary>An area's demo data, written through its entities like any user's writes. Seeding is idempotent: what
/// exists is answered AlreadyExists (or accepted again with the same ids) and left alone.</summary>
public interface IDemoData
{
    /// <summary>Steps this area's seeding reports progress for.</summary>
    int Steps { get; }

    Task SeedAsync(DemoSeeding seeding, CancellationToken cancellationToken);
}

/// <summary>What the areas' seedings share: the entities, the demo options, the clock and one progress count.</summary>
public sealed class DemoSeeding(EntityGateway entities, DemoOptions options, TimeProvider clock, ILogger logger, int steps)
{
    private int _done;

    public DemoOptions Options { get; } = options;

    public TimeProvider Clock { get; } = clock;

    public EntityGateway Entities { get; } = entities;

    /// <summary>True when the command created something; AlreadyExists is fine; a timeout (cluster still forming) retries.
    /// With <paramref name="firstStays"/> the id written before with other content (IdempotencyKeyReused: content that
    /// depends on the seeding's clock) is fine too, and the first content stays.</summary>
    public async Task<bool> EnsureAsync<TRegion>(ICommunityMessage command, CancellationToken cancellationToken, bool firstStays = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Entities.SendAsync<TRegion>(command, cancellationToken) switch
                {
                    CommandRejected { Reason: RejectionReason.AlreadyExists } => false,
                    CommandRejected { Reason: RejectionReason.IdempotencyKeyReused } when firstStays => false,
                    CommandRejected rejected => throw new InvalidOperationException($"Demo seed {command.GetType().Name}: {rejected.Detail}"),
                    _ => true,
                };
            }
            catch (AskTimeoutException) when (attempt < 5)
            {
                logger.LogWarning("Demo seed {Command} timed out (attempt {Attempt}); retrying", command.GetType().Name, attempt);
            }
        }
    }

    /// <summary>One step done.</summary>
    public void Step()
    {
        var done = ++_done;
        if (done % 5 == 0 || done == steps) logger.LogInformation("Demo seeding {Done}/{Steps}", done, steps);
    }
}
