using System.Runtime.Serialization;
using Community.Cluster.Circles;
using Community.Cluster.Creators;
using Community.Cluster.HelpTickets;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;

namespace Community.Cluster.Serialization;

/// <summary>The stable name of every serialized type. A manifest, once persisted, is never reused for another shape:
/// a changed event gets a new record and a new manifest (".v2").</summary>
public static class Manifests
{
    private static readonly Dictionary<string, Type> TypesByManifest = new()
    {
        // common
        ["command-accepted.v1"] = typeof(CommandAccepted),
        ["command-rejected.v1"] = typeof(CommandRejected),
        ["live-event.v1"] = typeof(LiveEvent),
        // users
        ["register-user.v1"] = typeof(RegisterUser),
        ["update-profile.v1"] = typeof(UpdateProfile),
        ["grant-role.v1"] = typeof(GrantRole),
        ["get-user.v1"] = typeof(GetUser),
        ["user-registered.v1"] = typeof(UserRegistered),
        ["profile-updated.v1"] = typeof(ProfileUpdated),
        ["role-granted.v1"] = typeof(RoleGranted),
        ["user-view.v1"] = typeof(UserView),
        ["user-state.v1"] = typeof(UserState),
        ["join-circle.v1"] = typeof(JoinCircle),
        ["leave-circle.v1"] = typeof(LeaveCircle),
        ["circle-joined.v1"] = typeof(CircleJoined),
        ["circle-left.v1"] = typeof(CircleLeft),
        // circles
        ["create-circle.v1"] = typeof(CreateCircle),
        ["get-circle.v1"] = typeof(GetCircle),
        ["circle-created.v1"] = typeof(CircleCreated),
        ["circle-view.v1"] = typeof(CircleView),
        ["circle-state.v1"] = typeof(CircleState),
        ["check-admission.v1"] = typeof(CheckAdmission),
        ["admit-member.v1"] = typeof(AdmitMember),
        ["release-member.v1"] = typeof(ReleaseMember),
        ["create-post.v1"] = typeof(CreatePost),
        ["add-comment.v1"] = typeof(AddComment),
        ["set-like.v1"] = typeof(SetLike),
        ["remove-post.v1"] = typeof(RemovePost),
        ["create-topic.v1"] = typeof(CreateTopic),
        ["appoint-moderator.v1"] = typeof(AppointModerator),
        ["set-ban.v1"] = typeof(SetBan),
        ["publish-counts.v1"] = typeof(PublishCounts),
        ["member-admitted.v1"] = typeof(MemberAdmitted),
        ["member-released.v1"] = typeof(MemberReleased),
        ["member-count-published.v1"] = typeof(MemberCountPublished),
        ["post-created.v1"] = typeof(PostCreated),
        ["comment-added.v1"] = typeof(CommentAdded),
        ["like-changed.v1"] = typeof(LikeChanged),
        ["like-count-published.v1"] = typeof(LikeCountPublished),
        ["post-removed.v1"] = typeof(PostRemoved),
        ["topic-created.v1"] = typeof(TopicCreated),
        ["moderator-appointed.v1"] = typeof(ModeratorAppointed),
        ["ban-changed.v1"] = typeof(BanChanged),
        // creators
        ["register-creator.v1"] = typeof(RegisterCreator),
        ["get-creator.v1"] = typeof(GetCreator),
        ["creator-registered.v1"] = typeof(CreatorRegistered),
        ["creator-view.v1"] = typeof(CreatorView),
        ["creator-state.v1"] = typeof(CreatorState),
        // help tickets
        ["file-ticket.v1"] = typeof(FileTicket),
        ["get-ticket.v1"] = typeof(GetTicket),
        ["ticket-filed.v1"] = typeof(TicketFiled),
        ["ticket-view.v1"] = typeof(TicketView),
        ["ticket-state.v1"] = typeof(TicketState),
    };

    private static readonly Dictionary<Type, string> ManifestsByType = TypesByManifest.ToDictionary(p => p.Value, p => p.Key);

    public static IReadOnlyDictionary<string, Type> All => TypesByManifest;

    public static string Of(Type type) =>
        ManifestsByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new SerializationException($"{type.FullName} has no manifest; add it to {nameof(Manifests)}.");

    public static Type TypeOf(string manifest) =>
        TypesByManifest.TryGetValue(manifest, out var type)
            ? type
            : throw new SerializationException($"Unknown manifest '{manifest}'.");
}
