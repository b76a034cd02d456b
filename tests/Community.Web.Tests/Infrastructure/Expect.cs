using System.Net;
using System.Text.Json;

namespace Community.Web.Tests.Infrastructure;

public static class Expect
{
    public static async Task Status(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
            Assert.Fail($"Expected {(int)status} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts an RFC 9457 problem with the status and our stable type; returns its JSON.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status, string? typeSuffix = null)
    {
        await Status(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        var type = problem.GetProperty("type").GetString()!;
        Assert.StartsWith("https://onenetwork.community/problems/", type);
        if (typeSuffix is not null) Assert.EndsWith("/" + typeSuffix, type);
        return problem;
    }

    /// <summary>Asserts a validation problem naming the field.</summary>
    public static async Task<JsonElement> FieldError(HttpResponseMessage response, string field)
    {
        var problem = await Problem(response, HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"Expected an error for '{field}' in {errors}");
        return problem;
    }
}

public static class Eventually
{
    /// <summary>Polls a condition until it holds (tests wait for conditions, not clocks).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
