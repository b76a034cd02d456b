using Akka.Actor;
using Community.Cluster.Entities;
using Community.Contracts.Creators;

namespace Community.Cluster.Creators;

/// <summary>One persistent actor per operator task: its terms, defined once.</summary>
public sealed class TaskEntity(string entityId, EntitySettings settings) : EventSourcedEntity<TaskState>(Kind, entityId, settings)
{
    public const string Kind = "task";

    public static Props Props(string entityId, EntitySettings settings) => Akka.Actor.Props.Create(() => new TaskEntity(entityId, settings));

    public static string? EntityIdOf(object message) => (message as IWithTaskId)?.TaskId;
}

/// <summary>Registry key of the task shard region.</summary>
public sealed class TaskRegion;
