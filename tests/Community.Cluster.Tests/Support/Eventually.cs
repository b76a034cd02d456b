namespace Community.Cluster.Tests.Support;

/// <summary>Polls a condition instead of sleeping for a fixed time: background work (snapshot trimming, passivation,
/// cluster join) finishes when it finishes, and a slow 2-core machine must not turn that into a flaky test.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition()) return;
                last = null;
            }
            catch (Exception e)
            {
                last = e;
            }
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds}s waiting until {what}." +
                    (last is null ? "" : $" Last error: {last}"));
            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);
}
