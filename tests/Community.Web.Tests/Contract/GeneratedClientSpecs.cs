using System.Net.Http.Headers;
using Community.Web.Tests.Contract.Generated;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Contract;

/// <summary>What a city or county client does with the C# client generated from the committed OpenAPI snapshot, and
/// nothing else: register, sign in, read the regions, create a circle, post, read the posts, and get the problem
/// details of a 4xx as the generated client's typed exception.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class GeneratedClientSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task A_client_generated_from_the_document_registers_signs_in_creates_a_circle_posts_and_reads_the_posts()
    {
        using var http = _app.Client();
        var api = new CommunityClient(http);

        var regions = await api.ListRegionsAsync();
        var county = regions.Single(r => r.Code == "330106");
        Assert.Equal("county", county.Tier);
        var clients = await api.ListClientsAsync();
        Assert.Contains(clients, c => c.ClientId == "chao-news");

        var userName = "g" + Guid.NewGuid().ToString("N")[..12];
        var registered = await api.RegisterAccountAsync(new RegisterAccountRequest
        {
            UserName = userName, Password = "Secret#123", DisplayName = "Generated " + userName, RegionCode = county.Code,
        });
        var session = await api.SignInAsync(new SignInRequest { UserName = userName, Password = "Secret#123", ClientId = "chao-news" });
        Assert.Equal(registered.UserId, session.UserId);
        Assert.True(session.ExpiresIn > 0);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);

        var me = await api.GetMyProfileAsync();
        Assert.Equal(county.Code, me.RegionCode);

        var circle = await api.CreateCircleAsync(null, new CreateCircleRequest
        {
            Name = "生成客户端圈 " + userName[..6], Description = "Made by the generated client", RegionCode = county.Code,
        });
        var post = await api.CreateCirclePostAsync(circle.CircleId, null, new CreatePostRequest { Text = "你好, from the generated client" });
        Assert.True(post.Seq > 0);

        PostPage? page = null;
        await Eventually.TrueAsync(async () =>
        {
            page = await api.ListCirclePostsAsync(circle.CircleId, after: 0, before: null, limit: 20, topicId: null);
            return page.Items.Any(p => p.PostId == post.PostId);
        }, "the new post is listed");
        var listed = page!.Items.Single(p => p.PostId == post.PostId);
        Assert.Equal("你好, from the generated client", listed.Text);
        Assert.Equal(session.UserId, listed.AuthorId);
        Assert.Equal(post.Seq, listed.Seq);

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await api.GetCircleAsync(circle.CircleId)).MemberCount == 1;
            }
            catch (ApiException<ProblemDetails> notYet) when (notYet.StatusCode == 404)
            {
                return false; // the directory read model trails the journal by a moment
            }
        }, "the circle is in the directory with its owner as member");
    }

    [Fact]
    public async Task The_generated_client_surfaces_problem_details_as_typed_exceptions()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var http = _app.Client(session.Token);
        var api = new CommunityClient(http);

        var notFound = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => api.GetCircleAsync("c-0000000000000000"));
        Assert.Equal(404, notFound.StatusCode);
        Assert.Equal(404, notFound.Result.Status);
        Assert.Equal("https://onenetwork.community/problems/not-found", notFound.Result.Type);
        Assert.Contains("c-0000000000000000", notFound.Result.Detail);

        var circle = await api.CreateCircleAsync(null, new CreateCircleRequest { Name = "Empty posts", Description = "Posts need text", RegionCode = "330106" });
        var empty = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() =>
            api.CreateCirclePostAsync(circle.CircleId, null, new CreatePostRequest { Text = "" }));
        Assert.Equal(400, empty.StatusCode);
        Assert.Equal("https://onenetwork.community/problems/validation", empty.Result.Type);
        Assert.True(empty.Result.Errors?.ContainsKey("text"), $"errors: {empty.Response}");

        using var anonymousHttp = _app.Client();
        var unauthorized = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => new CommunityClient(anonymousHttp).GetMyProfileAsync());
        Assert.Equal(401, unauthorized.StatusCode);
        Assert.Equal("https://onenetwork.community/problems/unauthorized", unauthorized.Result.Type);

        var taken = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => new CommunityClient(anonymousHttp).RegisterAccountAsync(
            new RegisterAccountRequest { UserName = session.UserName, Password = "Secret#123", DisplayName = "Again", RegionCode = "330106" }));
        Assert.Equal(409, taken.StatusCode);
        Assert.Equal("https://onenetwork.community/problems/conflict", taken.Result.Type);
    }
}
