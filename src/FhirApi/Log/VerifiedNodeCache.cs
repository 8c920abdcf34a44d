using System.Collections.Concurrent;
using FhirChain.Provenance.Merkle;

namespace FhirChain.FhirApi.Log;

/// <summary>
/// Perfect tree nodes that were part of an inclusion proof that verified against a signed root. A
/// perfect node never changes in an append-only log, so reads can reuse them and fetch only the
/// rest of a proof from storage. <c>$verify</c> and the audit do not use it: they re-read storage.
/// Bounded: cleared when it reaches <see cref="Capacity"/> entries.
/// </summary>
internal sealed class VerifiedNodeCache
{
    public const int Capacity = 1 << 20;

    private readonly ConcurrentDictionary<long, byte[]> nodes = new();

    public bool TryGet(NodeId id, out byte[] hash) => nodes.TryGetValue(NodeKey.Of(id), out hash!);

    public void AddVerified(IReadOnlyList<NodeId> ids, IReadOnlyList<byte[]> hashes)
    {
        if (nodes.Count + ids.Count > Capacity)
        {
            nodes.Clear();
        }

        for (var i = 0; i < ids.Count; i++)
        {
            nodes.TryAdd(NodeKey.Of(ids[i]), hashes[i]);
        }
    }

    /// <summary>Forgets everything (the log failed a check: nothing cached is trusted any more).</summary>
    public void Clear() => nodes.Clear();
}
