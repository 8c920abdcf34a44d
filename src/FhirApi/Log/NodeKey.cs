using FhirChain.Provenance.Merkle;

namespace FhirChain.FhirApi.Log;

/// <summary>Packs a node id into the <c>log_nodes.node_key</c> column: level in the top 6 bits, index below.</summary>
internal static class NodeKey
{
    private const int IndexBits = 57;

    public static long Of(NodeId id) => ((long)id.Level << IndexBits) | id.Index;

    public static NodeId ToId(long key) => new((int)(key >> IndexBits), key & ((1L << IndexBits) - 1));
}
