namespace FhirChain.Interop.Mllp;

/// <summary>One read: a frame payload (without the 0x0B / 0x1C 0x0D envelope) or why there is none.</summary>
public sealed record MllpReadResult(MllpReadStatus Status, ReadOnlyMemory<byte> Payload, string? Error)
{
    public static MllpReadResult EndOfStream { get; } = new(MllpReadStatus.EndOfStream, ReadOnlyMemory<byte>.Empty, null);

    public bool IsFrame => Status == MllpReadStatus.Frame;
}
