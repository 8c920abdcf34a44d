namespace FhirChain.FhirApi.Log;

/// <summary>The leaf indices an append was given: <c>[FirstIndex, FirstIndex + Count)</c>.</summary>
internal readonly record struct AppendedRange(long FirstIndex, int Count);
