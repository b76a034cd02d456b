using System.Data.Common;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Community.Cluster.Circles;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.HelpTickets;

/// <summary>
/// The feed ↔ queue bridge: the steps of a ticket made from a circle post are told to that post's circle, at least once
/// and in the ticket's order. The post shows the ticket's status; a public answer appears under the post as the
/// department's reply; a resolution is shown on the post. While the ticket is private the post shows its status only.
/// Each command carries the ticket's event seq, so the circle ignores a step it has seen and a batch retried from the
/// last offset repeats nothing. The link (ticket → post) and whether the ticket is public are kept in the relay's table,
/// written in the batch's transaction.
/// </summary>
public sealed class TicketPostRelay(IServiceProvider services, TimeSpan? askTimeout = null) : IProjection
{
    private readonly TimeSpan _askTimeout = askTimeout ?? TimeSpan.FromSeconds(10);
    private readonly ILogger _log = services.GetService<ILoggerFactory>()?.CreateLogger<TicketPostRelay>() ?? NullLogger<TicketPostRelay>.Instance;
    private IActorRef? _circles;

    public string Name => "ticket-post-relay";

    public string Tag => AreaTagger.TagOf<ITicketEvent>();

    /// <summary>As for the creator relay: on SQLite a file of its own, so the relay's transaction never holds the
    /// journal's single writer while it awaits the circles.</summary>
    public static JournalDatabase DatabaseFor(JournalDatabase journal) => journal.SqliteSibling("ticket-post-relay.db");

    public async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS ticket_post_links (
              ticket_id VARCHAR(64) NOT NULL PRIMARY KEY,
              circle_id VARCHAR(64) NOT NULL,
              post_id VARCHAR(64) NOT NULL,
              public INTEGER NOT NULL
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        foreach (var envelope in batch)
        {
            if (envelope.Event is not ITicketEvent evt) continue;
            if (evt is TicketFiled { Source: { } source } filed)
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO ticket_post_links (ticket_id, circle_id, post_id, public) VALUES (@ticket, @circle, @post, @public)
                    ON CONFLICT (ticket_id) DO NOTHING
                    """, cancellationToken, ("@ticket", filed.TicketId.Value), ("@circle", source.CircleId.Value), ("@post", source.PostId),
                    ("@public", filed.Privacy.Public ? 1 : 0));
            else if (evt is TicketPrivacyChanged privacy)
                await ExecuteAsync(connection, transaction, "UPDATE ticket_post_links SET public = @public WHERE ticket_id = @ticket",
                    cancellationToken, ("@ticket", privacy.TicketId.Value), ("@public", privacy.Privacy.Public ? 1 : 0));
            if (await LinkOfAsync(connection, transaction, evt.TicketId, cancellationToken) is not { } link) continue;
            if (StepFor(evt, link, envelope.SequenceNr) is { } command) await SendAsync(command);
        }
    }

    /// <summary>What the post is told of <paramref name="evt"/>, or null for a step it does not show (an escalation).</summary>
    private static ICircleCommand? StepFor(ITicketEvent evt, Link link, long seq)
    {
        UpdatePostTicket Status(string status, string? departmentId = null, string? resolution = null) =>
            new(link.CircleId, link.PostId, evt.TicketId, seq, status, departmentId, link.Public ? resolution : null, evt.At);
        return evt switch
        {
            TicketFiled => Status(TicketStatuses.Submitted),
            TicketAccepted => Status(TicketStatuses.Accepted),
            TicketAssigned e => Status(TicketStatuses.Assigned, e.DepartmentId),
            TicketRejected => Status(TicketStatuses.Rejected),
            TicketMarkedDuplicate => Status(TicketStatuses.Duplicate),
            TicketReplied { Public: true } e when link.Public => new AddDepartmentReply(link.CircleId, link.PostId, e.TicketId, seq,
                $"dr-{e.ReplyId}", e.DepartmentId, DepartmentDirectory.Find(e.DepartmentId)?.Name ?? e.DepartmentId, e.Text, e.At),
            TicketReplied e => Status(TicketStatuses.Answered, e.DepartmentId),
            TicketResolved e => Status(TicketStatuses.Resolved, e.DepartmentId, e.Text),
            TicketClosed => Status(TicketStatuses.Closed),
            TicketReopened e => Status(TicketStatuses.Assigned, e.DepartmentId),
            _ => null,
        };
    }

    private async Task SendAsync(ICircleCommand command)
    {
        _circles ??= await services.GetRequiredService<ActorRegistry>().GetAsync<CircleRegion>(new CancellationTokenSource(_askTimeout).Token);
        var reply = await _circles.Ask<object>(command, _askTimeout);
        switch (reply)
        {
            case CommandAccepted:
                return;
            // A post removed or unknown (a circle not on this database) is not changed by a retry.
            case CommandRejected { Reason: RejectionReason.NotFound or RejectionReason.InvalidState or RejectionReason.AlreadyExists } rejected:
                _log.LogWarning("Ticket-post relay: {Command} was refused ({Reason}: {Detail}); going on", command.GetType().Name,
                    rejected.Reason, rejected.Detail);
                return;
            default:
                throw new InvalidOperationException($"Ticket-post relay: {command} was answered with {reply}.");
        }
    }

    private sealed record Link(CircleId CircleId, string PostId, bool Public);

    private static async Task<Link?> LinkOfAsync(DbConnection connection, DbTransaction transaction, TicketId ticketId,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT circle_id, post_id, public FROM ticket_post_links WHERE ticket_id = @ticket";
        AddParameter(command, "@ticket", ticketId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Link(new CircleId(reader.GetString(0)), reader.GetString(1), Convert.ToInt64(reader.GetValue(2)) == 1)
            : null;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
