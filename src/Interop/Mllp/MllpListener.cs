using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Mllp;

/// <summary>
/// An MLLP server on a plain <see cref="TcpListener"/>. Connections are served concurrently;
/// on one connection messages are handled strictly in order: the reply to message n is written
/// before message n+1 is read. The handler gets the frame decoded as text (UTF-8 by default) and
/// returns the ACK text. A handler exception becomes an AE ACK (ERR 207); an oversize frame gets
/// an AR ACK and the connection is closed, as is a connection sending bytes outside frames.
/// </summary>
public sealed class MllpListener : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Func<string, CancellationToken, ValueTask<string>> handleMessage;
    private readonly MllpListenerOptions options;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<int, Task> connections = new();
    private int nextConnectionId;
    private bool started;
    private Task? running;

    public MllpListener(IPEndPoint endpoint, Func<string, CancellationToken, ValueTask<string>> handleMessage, MllpListenerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handleMessage);
        listener = new TcpListener(endpoint);
        this.handleMessage = handleMessage;
        this.options = options ?? new MllpListenerOptions();
    }

    /// <summary>The bound endpoint (the real port after binding port 0). Valid after <see cref="Start"/>.</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)listener.LocalEndpoint;

    /// <summary>Binds and starts accepting in the background.</summary>
    public void Start()
    {
        if (started)
        {
            return;
        }

        listener.Start();
        started = true;
        running = AcceptLoopAsync(stopping.Token);
    }

    /// <summary>Starts (when needed) and completes when the listener has stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Start();
        using var registration = cancellationToken.Register(() => stopping.Cancel());
        await running!.ConfigureAwait(false);
    }

    /// <summary>Stops accepting, ends open connections and waits for them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                var id = Interlocked.Increment(ref nextConnectionId);
                connections[id] = ServeAsync(id, client, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Stop();
            await Task.WhenAll(connections.Values).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(int id, TcpClient client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            using (client)
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var reader = new MllpFrameReader(stream, options.MaxFrameBytes);
                var writer = new MllpFrameWriter(stream);
                while (!cancellationToken.IsCancellationRequested)
                {
                    var result = await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
                    if (result.Status == MllpReadStatus.Oversize)
                    {
                        var reject = AckBuilder.Build(string.Empty, new Er7ParseError(string.Empty, null, null, result.Error!));
                        await writer.WriteFrameAsync(reject, options.Encoding, cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    if (!result.IsFrame)
                    {
                        return;
                    }

                    var text = options.Encoding.GetString(result.Payload.Span);
                    var reply = await HandleAsync(text, cancellationToken).ConfigureAwait(false);
                    await writer.WriteFrameAsync(reply, options.Encoding, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        finally
        {
            connections.TryRemove(id, out _);
        }
    }

    private async ValueTask<string> HandleAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            return await handleMessage(text, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any handler failure must become an AE ACK, not a dropped connection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            options.OnHandlerError?.Invoke(ex);
            var parsed = Er7Parser.Parse(text);
            return parsed.TryGetMessage(out var message, out var error)
                ? AckBuilder.Build(message, AckCode.AE, [new AckError(Hl7ErrorCode.ApplicationInternalError, "Application internal error.")])
                : AckBuilder.Build(text, error);
        }
    }
}
