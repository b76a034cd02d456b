using System.Data.Common;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Creators;

/// <summary>
/// Turns what one creator account did into commands to other entities, at least once: a reprint recorded, corrected
/// or withdrawn at the original's account is mirrored by the reprinter's (<see cref="FollowOriginal"/>), and the staff
/// of every account hold the creator role (<see cref="GrantRole"/>, <see cref="RevokeRole"/> once a member staffs no
/// account). Every reply is awaited before the batch's offset is committed; the commands are idempotent, so a batch
/// retried from the last offset only repeats what was already done. The original's current version, its reprints and
/// the staff are kept in the relay's own tables, written in the batch's transaction.
/// </summary>
/// <param name="services">The node's services: the shard regions come from its <see cref="ActorRegistry"/> when first
/// needed (the relay may start before them).</param>
public sealed class CreatorRelay(IServiceProvider services, TimeSpan? askTimeout = null) : IProjection
{
    public static readonly TimeSpan DefaultAskTimeout = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _askTimeout = askTimeout ?? DefaultAskTimeout;
    private readonly ILogger _log = services.GetService<ILoggerFactory>()?.CreateLogger<CreatorRelay>() ?? NullLogger<CreatorRelay>.Instance;
    private IActorRef? _creators;
    private IActorRef? _users;

    public string Name => "creator-relay";

    public string Tag => AreaTagger.TagOf<ICreatorEvent>();

    /// <summary>
    /// Where the relay keeps its offset and tables. On PostgreSQL the journal's database. An SQLite file has a single
    /// writer, and the projection's transaction holds it while the relay awaits the entities, whose journal writes would
    /// then wait for that transaction (a deadlock until the ask times out): there it is a file of its own next to the
    /// journal's, so the relay's rows and its offset still commit together.
    /// </summary>
    public static JournalDatabase DatabaseFor(JournalDatabase journal) => journal.SqliteSibling("creator-relay.db");

    public async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS creator_relay_works (
              work_id VARCHAR(200) NOT NULL PRIMARY KEY,
              version INTEGER NOT NULL,
              withdrawn INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS creator_relay_reprints (
              work_id VARCHAR(200) NOT NULL,
              reprint_id VARCHAR(200) NOT NULL,
              reprinter_id VARCHAR(64) NOT NULL,
              PRIMARY KEY (work_id, reprinter_id)
            );
            CREATE TABLE IF NOT EXISTS creator_relay_staff (
              creator_id VARCHAR(64) NOT NULL,
              user_id VARCHAR(64) NOT NULL,
              PRIMARY KEY (creator_id, user_id)
            );
            CREATE INDEX IF NOT EXISTS creator_relay_staff_user ON creator_relay_staff (user_id);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        var db = new Tables(connection, transaction, cancellationToken);
        // In journal order: an account's events come in the order it wrote them, so each reprinter sees its original's
        // versions in order.
        foreach (var envelope in batch)
        {
            switch (envelope.Event)
            {
                case CreatorRegistered e:
                    await db.ExecuteAsync(AddStaffSql, ("@creator", e.CreatorId.Value), ("@user", e.OwnerId.Value));
                    await SendAsync<UserRegion>(new GrantRole(e.OwnerId, Roles.Creator, null, e.OwnerId, e.At));
                    break;
                case StaffAdded e:
                    await db.ExecuteAsync(AddStaffSql, ("@creator", e.CreatorId.Value), ("@user", e.Member.Value));
                    await SendAsync<UserRegion>(new GrantRole(e.Member, Roles.Creator, null, e.By, e.At));
                    break;
                case StaffRemoved e:
                    await db.ExecuteAsync("DELETE FROM creator_relay_staff WHERE creator_id = @creator AND user_id = @user",
                        ("@creator", e.CreatorId.Value), ("@user", e.Member.Value));
                    // The role stays while the member acts for another account.
                    if (await db.CountAsync("SELECT COUNT(*) FROM creator_relay_staff WHERE user_id = @user", ("@user", e.Member.Value)) == 0)
                        await SendAsync<UserRegion>(new RevokeRole(e.Member, Roles.Creator, e.By, e.At));
                    break;
                case WorkCreated e:
                    await db.ExecuteAsync("""
                        INSERT INTO creator_relay_works (work_id, version, withdrawn) VALUES (@work, 1, 0)
                        ON CONFLICT (work_id) DO UPDATE SET version = excluded.version, withdrawn = excluded.withdrawn
                        """, ("@work", e.WorkId));
                    break;
                case WorkRevised e:
                    await db.ExecuteAsync("UPDATE creator_relay_works SET version = @version WHERE work_id = @work",
                        ("@version", e.Version), ("@work", e.WorkId));
                    if (e.Correction)
                        foreach (var (reprintId, reprinterId) in await db.ReprintsOfAsync(e.WorkId))
                            await SendAsync<CreatorRegion>(new FollowOriginal(new CreatorId(reprinterId), reprintId, e.CreatorId, e.WorkId,
                                e.Version, false, e.Note, e.At));
                    break;
                case WorkWithdrawn e:
                    await db.ExecuteAsync("UPDATE creator_relay_works SET withdrawn = 1 WHERE work_id = @work", ("@work", e.WorkId));
                    var withdrawnVersion = await db.VersionOfAsync(e.WorkId);
                    foreach (var (reprintId, reprinterId) in await db.ReprintsOfAsync(e.WorkId))
                        await SendAsync<CreatorRegion>(new FollowOriginal(new CreatorId(reprinterId), reprintId, e.CreatorId, e.WorkId,
                            withdrawnVersion, true, e.Reason, e.At));
                    break;
                case WorkReprinted e:
                    await db.ExecuteAsync("""
                        INSERT INTO creator_relay_reprints (work_id, reprint_id, reprinter_id) VALUES (@work, @reprint, @reprinter)
                        ON CONFLICT (work_id, reprinter_id) DO NOTHING
                        """, ("@work", e.WorkId), ("@reprint", e.ReprintId), ("@reprinter", e.ReprinterId.Value));
                    // The first mirror records the reprint at the reprinter's account.
                    await SendAsync<CreatorRegion>(new FollowOriginal(e.ReprinterId, e.ReprintId, e.CreatorId, e.WorkId,
                        await db.VersionOfAsync(e.WorkId), false, null, e.At));
                    break;
                case IncentiveGranted { Points: > 0 } e:
                    // Once per member and grant however often the batch is retried: the user entity keeps the grant id.
                    foreach (var member in e.StaffIds)
                        await SendAsync<UserRegion>(new GrantPoints(new UserId(member), e.GrantId, e.Points, $"task:{e.TaskId}", e.At));
                    break;
            }
        }
    }

    private const string AddStaffSql =
        "INSERT INTO creator_relay_staff (creator_id, user_id) VALUES (@creator, @user) ON CONFLICT (creator_id, user_id) DO NOTHING";

    /// <summary>Asks the region and checks the answer: accepted, or refused for good (the target is not in a state the
    /// command applies to, e.g. a user that never registered), which a retry would not change and is logged. Anything
    /// else (a timeout, a malformed command) throws, so the batch is retried from the last committed offset.</summary>
    private async Task SendAsync<TRegion>(ICommunityMessage command)
    {
        var region = await RegionAsync<TRegion>();
        var reply = await region.Ask<object>(command, _askTimeout);
        switch (reply)
        {
            case CommandAccepted:
                return;
            case CommandRejected { Reason: RejectionReason.NotFound or RejectionReason.InvalidState or RejectionReason.AlreadyExists
                or RejectionReason.IdempotencyKeyReused } rejected:
                _log.LogWarning("Creator relay: {Command} was refused ({Reason}: {Detail}); going on", command.GetType().Name,
                    rejected.Reason, rejected.Detail);
                return;
            default:
                throw new InvalidOperationException($"Creator relay: {command} was answered with {reply}.");
        }
    }

    private async Task<IActorRef> RegionAsync<TRegion>()
    {
        if (typeof(TRegion) == typeof(CreatorRegion) && _creators is { } creators) return creators;
        if (typeof(TRegion) == typeof(UserRegion) && _users is { } users) return users;
        using var wait = new CancellationTokenSource(_askTimeout);
        var region = await services.GetRequiredService<ActorRegistry>().GetAsync<TRegion>(wait.Token);
        if (typeof(TRegion) == typeof(CreatorRegion)) _creators = region;
        else _users = region;
        return region;
    }

    private sealed class Tables(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = Command(sql, parameters);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = Command(sql, parameters);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
        }

        /// <summary>The original's current version; 1 for a work the relay never saw created.</summary>
        public async Task<int> VersionOfAsync(string workId)
        {
            await using var command = Command("SELECT version FROM creator_relay_works WHERE work_id = @work", ("@work", workId));
            return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt32(value) : 1;
        }

        public async Task<List<(string ReprintId, string ReprinterId)>> ReprintsOfAsync(string workId)
        {
            await using var command = Command(
                "SELECT reprint_id, reprinter_id FROM creator_relay_reprints WHERE work_id = @work ORDER BY reprinter_id", ("@work", workId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var reprints = new List<(string, string)>();
            while (await reader.ReadAsync(cancellationToken)) reprints.Add((reader.GetString(0), reader.GetString(1)));
            return reprints;
        }

        private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters) AddParameter(command, name, value);
            return command;
        }
    }
}
