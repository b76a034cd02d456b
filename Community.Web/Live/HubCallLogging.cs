using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Live;

/// <summary>
/// Logs failed hub calls by cause. SignalR's dispatcher logs every failed call at Error, a client's refused request
/// (a <see cref="HubException"/>: unknown circle, bad seq) as much as a server fault, which buries the faults; its
/// log is turned off (<see cref="DispatcherCategory"/>) and this filter logs refusals at Information, faults at Error.
/// </summary>
public sealed partial class HubCallLogging(ILogger<HubCallLogging> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException refused)
        {
            Refused(invocationContext.HubMethodName, invocationContext.Context.UserIdentifier, refused.Message);
            throw;
        }
        catch (Exception fault)
        {
            Failed(fault, invocationContext.HubMethodName, invocationContext.Context.UserIdentifier);
            throw;
        }
    }

    [LoggerMessage(LogLevel.Information, "Hub call {HubMethod} of {UserId} refused: {Reason}")]
    private partial void Refused(string hubMethod, string? userId, string reason);

    [LoggerMessage(LogLevel.Error, "Hub call {HubMethod} of {UserId} failed")]
    private partial void Failed(Exception fault, string hubMethod, string? userId);
}
