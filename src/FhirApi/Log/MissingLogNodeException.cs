using FhirChain.Provenance.Merkle;

namespace FhirChain.FhirApi.Log;

/// <summary>A tree node the log must have is absent from storage: the log was truncated or rolled back.</summary>
internal sealed class MissingLogNodeException(NodeId node)
    : Exception($"Provenance log node (level {node.Level}, index {node.Index}) is missing from storage.")
{
    public NodeId Node => node;
}
