using FhirChain.Provenance.Leaves;

namespace FhirChain.FhirApi.Log;

/// <summary>The outcome of checking one stored version against the log, with everything a third party needs to re-check it.</summary>
internal sealed record VersionProof(
    bool Verified,
    string? Failure,
    long LeafIndex,
    LeafV1? Leaf,
    byte[]? LeafHash,
    byte[]? Salt,
    SignedTree? Tree,
    IReadOnlyList<byte[]> InclusionProof);
