using System.Net;
using System.Text.Json;
using Community.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace Community.LoadGen;

/// <summary>Product phase: a post through the HTTP API, by the writers in turn. The product persists it in the circle
/// entity, publishes it on the cluster, and its live bridge sends it to the circle's SignalR group.</summary>
public sealed class ProductSender(CommunityApi api, IReadOnlyList<Account> writers, string circleId, FanOutPhase phase)
{
    public async Task SendAsync(int number)
    {
        try
        {
            var status = await api.PostAsync(writers[number % writers.Count], circleId, phase.Text(number));
            if (status == HttpStatusCode.Created) phase.MarkAccepted(number);
            else phase.MarkFailed($"POST posts answered {(int)status} {status}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ProductRouteMissingException)
        {
            phase.MarkFailed(e.Message);
        }
    }
}

/// <summary>Raw phase: the same event sent straight to the circle's group through the hub context, skipping HTTP, the
/// entity, the journal and the cluster: what the SignalR fan-out alone costs.</summary>
public sealed class RawSender(IHubContext<LiveHub, ILiveClient> hub, IReadOnlyList<Account> writers, string circleId, FanOutPhase phase)
{
    // One send at a time, as the live bridge does (it awaits each so that a connection sees a stream in order).
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task SendAsync(int number)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            var writer = writers[number % writers.Count];
            // Built as the bridge builds it: the data as a JsonElement of the product's postCreated shape.
            var data = JsonSerializer.SerializeToElement(new PostCreatedData(
                "p-" + Guid.NewGuid().ToString("N")[..16], writer.UserId, writer.DisplayName, phase.Text(number), [], null,
                DateTimeOffset.UtcNow, 0, 0), JsonSerializerOptions.Web);
            await hub.Clients.Group("circle:" + circleId).circleEvent(new CircleEventMessage(circleId, number + 1, "postCreated", data));
            phase.MarkAccepted(number);
        }
        catch (Exception e)
        {
            // Whatever the hub throws is a failed send of this phase, reported with the figures.
            phase.MarkFailed(e.Message);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private sealed record PostCreatedData(
        string PostId, string AuthorId, string AuthorName, string Text, IReadOnlyList<string> ImageUrls, string? TopicId,
        DateTimeOffset CreatedAt, long LikeCount, long CommentCount);
}
