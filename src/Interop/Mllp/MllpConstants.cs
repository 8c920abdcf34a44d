namespace FhirChain.Interop.Mllp;

/// <summary>MLLP envelope bytes and defaults.</summary>
public static class MllpConstants
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    /// <summary>Default largest accepted frame payload: 16 MiB.</summary>
    public const int DefaultMaxFrameBytes = 16 * 1024 * 1024;
}
