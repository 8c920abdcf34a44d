using System.Net;
using FhirChain.FhirApi.Auth;
using FhirChain.Interop.Mllp;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Hl7v2;

/// <summary>
/// The HL7 v2 MLLP listener (<c>Mllp:Port</c>, <c>Mllp:Address</c>) as a hosted service. Each message is
/// ingested by <see cref="Hl7Ingest"/> in a fresh DI scope; its ACK is written after the commit.
/// The listener binds in <see cref="StartAsync"/>, so the endpoint is known once the host has started.
/// MLLP carries no credentials: messages are written as the server itself, whatever <c>Auth:Enabled</c>
/// says, so with auth on a listener on a non-loopback address is logged as a warning at start (it
/// belongs on a private interface or behind a TLS terminator that admits only known senders).
/// </summary>
internal sealed partial class MllpService(
    IOptions<MllpOptions> options,
    IOptions<AuthOptions> auth,
    IServiceScopeFactory scopes,
    MllpEndpoint endpoint,
    ILogger<MllpService> logger) : IHostedService, IAsyncDisposable
{
    private MllpListener? listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Task.CompletedTask;
        }

        listener = new MllpListener(settings.ToEndpoint(), HandleAsync, new MllpListenerOptions
        {
            MaxFrameBytes = settings.MaxFrameBytes,
            OnHandlerError = ex => LogHandlerError(ex.GetType().Name, ex.Message, ex),
        });
        listener.Start();
        endpoint.Set(listener.LocalEndpoint);
        LogListenerStarted(listener.LocalEndpoint.ToString());
        if (auth.Value.Enabled && !IPAddress.IsLoopback(listener.LocalEndpoint.Address))
        {
            LogUnauthenticatedListener(listener.LocalEndpoint.ToString());
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (listener is not null)
        {
            await listener.StopAsync(cancellationToken);
            endpoint.Set(null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (listener is not null)
        {
            await listener.DisposeAsync();
        }
    }

    private async ValueTask<string> HandleAsync(string text, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<Hl7Ingest>().IngestAsync(text, cancellationToken);
        return result.Ack;
    }

    [LoggerMessage(EventId = LogEvents.Hl7ListenerStarted, Level = LogLevel.Information, Message = "HL7 v2 MLLP listener on {Endpoint}")]
    private partial void LogListenerStarted(string endpoint);

    [LoggerMessage(EventId = LogEvents.Hl7UnauthenticatedListener, Level = LogLevel.Warning, Message = "Auth:Enabled is true, but the HL7 v2 MLLP listener on {Endpoint} takes messages without authentication: bind it to a private interface (Mllp:Address) behind a TLS terminator that admits only known senders, or turn it off (Mllp:Port=0)")]
    private partial void LogUnauthenticatedListener(string endpoint);

    [LoggerMessage(EventId = LogEvents.Hl7MessageHandlerError, Level = LogLevel.Error, Message = "HL7 v2 message handling threw {ExceptionType} (the sender got AE): {Message}")]
    private partial void LogHandlerError(string exceptionType, string message, Exception exception);
}
