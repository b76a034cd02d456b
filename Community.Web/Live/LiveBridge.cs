using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Community.Cluster.Entities;
using Community.Cluster.Telemetry;
using Community.Contracts.Common;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Live;

/// <summary>Runs on every web node: receives what entities publish on the cluster (DistributedPubSub is the backplane)
/// and sends it to this node's SignalR group of the stream.</summary>
public sealed class LiveBridge : ReceiveActor
{
    public LiveBridge(IHubContext<LiveHub, ILiveClient> hub)
    {
        var log = Context.GetLogger();
        Receive<SubscribeAck>(_ => log.Info("Live bridge subscribed to {0}", EntitySettings.LiveTopic));
        // Sends are awaited one at a time so a stream's events reach each connection in sequence order.
        ReceiveAsync<LiveEvent>(async live =>
        {
            try
            {
                await Send(hub, live);
                CommunityMetrics.LiveDelivered(live.Channel.ToString());
            }
            catch (Exception e)
            {
                log.Warning(e, "Live send of {0} #{1} to {2} failed", live.Kind, live.Seq, live.Group);
            }
        });
    }

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(EntitySettings.LiveTopic, Self));

    public static Props Props(IHubContext<LiveHub, ILiveClient> hub) => Akka.Actor.Props.Create(() => new LiveBridge(hub));

    private static Task Send(IHubContext<LiveHub, ILiveClient> hub, LiveEvent live)
    {
        using var document = JsonDocument.Parse(live.DataJson);
        var data = document.RootElement.Clone();
        var group = hub.Clients.Group(live.Group);
        return live.Channel switch
        {
            LiveChannel.User => group.userEvent(new UserEventMessage(live.Seq, live.Kind, data)),
            LiveChannel.Circle => group.circleEvent(new CircleEventMessage(live.StreamId, live.Seq, live.Kind, data)),
            LiveChannel.Creator => group.creatorEvent(new CreatorEventMessage(live.StreamId, live.Seq, live.Kind, data)),
            LiveChannel.Ticket => group.ticketEvent(new TicketEventMessage(live.StreamId, live.Seq, live.Kind, data)),
            LiveChannel.Moderation => group.moderationEvent(new ModerationEventMessage(live.Kind, data)),
            _ => Task.CompletedTask,
        };
    }
}
