using Akka.Actor;
using Community.Cluster.Entities;

namespace Community.Cluster.Tests.Entities;

/// <summary>The entities' compact mailbox keeps Akka's guarantees: messages in the order each sender sent them,
/// unstashed messages first, nothing lost when the actor stops.</summary>
public sealed class EntityMailboxSpecs
{
    private static Envelope Message(object message) => new(message, ActorRefs.NoSender);

    [Fact]
    public void Messages_come_out_in_the_order_they_went_in_and_the_count_follows()
    {
        var queue = new EntityMessageQueue();
        Assert.False(queue.HasMessages);

        for (var i = 0; i < 100; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
        Assert.Equal((true, 100), (queue.HasMessages, queue.Count));

        var received = new List<int>();
        while (queue.TryDequeue(out var envelope)) received.Add((int)envelope.Message);
        Assert.Equal(Enumerable.Range(0, 100), received);
        Assert.Equal((false, 0), (queue.HasMessages, queue.Count));
    }

    [Fact]
    public void Unstashed_messages_go_before_those_waiting_in_the_order_they_were_stashed()
    {
        var queue = new EntityMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, Message("waiting"));
        // The stash prepends last-stashed first, so the stashed order comes out again.
        queue.EnqueueFirst(Message("stashed 2"));
        queue.EnqueueFirst(Message("stashed 1"));
        Assert.Equal(3, queue.Count);

        var received = new List<string>();
        while (queue.TryDequeue(out var envelope)) received.Add((string)envelope.Message);
        Assert.Equal(["stashed 1", "stashed 2", "waiting"], received);
    }

    [Fact]
    public async Task Concurrent_senders_lose_nothing_and_each_senders_messages_stay_in_order()
    {
        var queue = new EntityMessageQueue();
        const int senders = 4, each = 20_000;
        var received = new List<(int Sender, int Seq)>();
        var reader = Task.Run(() =>
        {
            while (received.Count < senders * each)
                if (queue.TryDequeue(out var envelope)) received.Add(((int, int))envelope.Message);
        });
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < each; i++) queue.Enqueue(ActorRefs.Nobody, Message((s, i)));
        })));
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(senders * each, received.Count);
        foreach (var group in received.GroupBy(r => r.Sender)) Assert.Equal(Enumerable.Range(0, each), group.Select(r => r.Seq));
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void What_is_left_when_the_actor_stops_goes_to_dead_letters()
    {
        var queue = new EntityMessageQueue();
        var deadLetters = new EntityMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, Message("a"));
        queue.EnqueueFirst(Message("b"));

        queue.CleanUp(ActorRefs.Nobody, deadLetters);

        Assert.Equal(0, queue.Count);
        Assert.True(deadLetters.TryDequeue(out var first));
        Assert.True(deadLetters.TryDequeue(out var second));
        Assert.Equal(["b", "a"], new[] { first.Message, second.Message });
    }
}
