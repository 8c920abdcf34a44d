namespace FhirChain.Interop.Mllp;

/// <summary>What <see cref="MllpFrameReader.ReadFrameAsync"/> found.</summary>
public enum MllpReadStatus
{
    /// <summary>A complete frame; its payload is in <see cref="MllpReadResult.Payload"/>.</summary>
    Frame,

    /// <summary>The stream ended cleanly between frames.</summary>
    EndOfStream,

    /// <summary>The frame grew past the configured maximum; the stream cannot be resynchronised.</summary>
    Oversize,

    /// <summary>Bytes other than whitespace outside a frame, or an end block not followed by CR.</summary>
    Junk,

    /// <summary>The stream ended inside a frame.</summary>
    Truncated,
}
