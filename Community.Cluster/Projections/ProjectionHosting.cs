using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Persistence;

namespace Community.Cluster.Projections;

public static class ProjectionHosting
{
    /// <summary>Runs <paramref name="projection"/> as a cluster singleton: one writer per read model in the cluster.</summary>
    public static AkkaConfigurationBuilder WithProjection(this AkkaConfigurationBuilder builder, IProjection projection,
        JournalDatabase database) =>
        builder.WithSingleton<ProjectionRunner>("projection-" + projection.Name,
            ProjectionRunner.Props(projection, database), new ClusterSingletonOptions(), createProxyToo: false);
}
