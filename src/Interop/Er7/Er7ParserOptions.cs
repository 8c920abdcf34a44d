namespace FhirChain.Interop.Er7;

/// <summary>Limits that keep hostile input cheap to reject.</summary>
public sealed record Er7ParserOptions
{
    public static Er7ParserOptions Default { get; } = new();

    /// <summary>Whole message, in characters (default 32 Mi).</summary>
    public int MaxMessageLength { get; init; } = 32 * 1024 * 1024;

    /// <summary>One field, in characters (default 8 Mi: room for embedded documents).</summary>
    public int MaxFieldLength { get; init; } = 8 * 1024 * 1024;

    /// <summary>Segments in one message (default 50,000).</summary>
    public int MaxSegments { get; init; } = 50_000;

    /// <summary>Accept any MSH-12 of the form 2.x rather than only 2.3 to 2.8.</summary>
    public bool AcceptAnyV2Version { get; init; }
}
