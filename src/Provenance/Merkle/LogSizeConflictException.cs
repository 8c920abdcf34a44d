namespace FhirChain.Provenance.Merkle;

/// <summary>An append stated the tree size it expected, but another writer had already appended.</summary>
public sealed class LogSizeConflictException(long expectedSize, long actualSize)
    : Exception($"The log was expected to hold {expectedSize} leaves but holds {actualSize}: another writer appended first.")
{
    /// <summary>The size the appender expected.</summary>
    public long ExpectedSize { get; } = expectedSize;

    /// <summary>The size the log actually had.</summary>
    public long ActualSize { get; } = actualSize;
}
