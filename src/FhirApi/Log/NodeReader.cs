using FhirChain.FhirApi.Storage;
using FhirChain.Provenance.Merkle;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Log;

/// <summary>Fetches stored tree nodes by id in one query.</summary>
internal static class NodeReader
{
    /// <summary>The hashes of <paramref name="ids"/>, in order; a missing node is a broken log.</summary>
    public static async Task<IReadOnlyList<byte[]>> ReadAsync(FhirDbContext db, IReadOnlyList<NodeId> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var keys = ids.Select(NodeKey.Of).Distinct().ToArray();
        var rows = await db.LogNodes.AsNoTracking().Where(n => keys.Contains(n.Key)).ToDictionaryAsync(n => n.Key, n => n.Hash, cancellationToken);
        var result = new byte[ids.Count][];
        for (var i = 0; i < ids.Count; i++)
        {
            if (!rows.TryGetValue(NodeKey.Of(ids[i]), out var hash))
            {
                throw new MissingLogNodeException(ids[i]);
            }

            result[i] = hash;
        }

        return result;
    }
}
