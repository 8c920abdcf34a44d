using System.Threading.Channels;

namespace FhirChain.FhirApi.Log;

/// <summary>Wakes the checkpoint signer after a commit; signals coalesce.</summary>
internal sealed class CheckpointTrigger
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Signal() => channel.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => channel.Reader.WaitToReadAsync(cancellationToken);

    public void Consume() => channel.Reader.TryRead(out _);
}
