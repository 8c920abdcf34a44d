using FhirChain.Provenance.Leaves;

namespace FhirChain.FhirApi.Log;

/// <summary>A leaf staged for the log, with its hash computed once.</summary>
internal sealed record LoggedLeaf(LeafV1 Leaf, byte[] Hash);
