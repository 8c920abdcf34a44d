using System.Text;

namespace FhirChain.Interop.Mllp;

/// <summary>Settings of <see cref="MllpListener"/>.</summary>
public sealed record MllpListenerOptions
{
    /// <summary>
    /// How frame bytes map to text, both ways. UTF-8 by default (ASCII is a subset); set
    /// <see cref="Encoding.Latin1"/> for senders that use ISO 8859-1 (MSH-18 "8859/1").
    /// </summary>
    public Encoding Encoding { get; init; } = new UTF8Encoding(false);

    /// <summary>Largest accepted frame payload in bytes (default 16 MiB).</summary>
    public int MaxFrameBytes { get; init; } = MllpConstants.DefaultMaxFrameBytes;

    /// <summary>Called when the message handler throws (the sender then gets an AE ACK).</summary>
    public Action<Exception>? OnHandlerError { get; init; }
}
