using System.Threading.Channels;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// The queue between requests and <see cref="AuditWriter"/>: a request only enqueues its record, the
/// writer commits records in groups through the normal write path (each AuditEvent a log leaf).
/// </summary>
internal sealed class AuditTrail(Microsoft.Extensions.Options.IOptions<AuditOptions> options)
{
    private readonly bool enabled = options.Value.Enabled;

    private readonly Channel<IAuditEntry> channel = Channel.CreateUnbounded<IAuditEntry>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<IAuditEntry> Reader => channel.Reader;

    public void Record(IAuditEntry record)
    {
        if (!enabled)
        {
            return;
        }

        if (!channel.Writer.TryWrite(record))
        {
            throw new InvalidOperationException("The audit trail is closed: the server is shutting down.");
        }
    }

    public void Complete() => channel.Writer.TryComplete();
}
