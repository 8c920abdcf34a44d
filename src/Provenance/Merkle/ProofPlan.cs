namespace FhirChain.Provenance.Merkle;

/// <summary>
/// The stored perfect nodes a proof needs, and how to turn their hashes into the RFC 9162 proof.
/// Each proof element is one perfect node, or (for an imperfect right-border subtree) several
/// perfect nodes, largest first, that <see cref="Rehash"/> folds into one hash.
/// </summary>
public sealed class ProofPlan
{
    private readonly int[] _groupSizes;

    internal ProofPlan(IReadOnlyList<NodeId> ids, int[] groupSizes)
    {
        Ids = ids;
        _groupSizes = groupSizes;
    }

    /// <summary>The nodes the caller must fetch, in this order.</summary>
    public IReadOnlyList<NodeId> Ids { get; }

    /// <summary>Number of hashes in the resulting proof.</summary>
    public int ProofLength => _groupSizes.Length;

    /// <summary>Folds the fetched hashes (in <see cref="Ids"/> order) into the RFC 9162 proof, in RFC order.</summary>
    public IReadOnlyList<byte[]> Rehash(IReadOnlyList<byte[]> fetchedHashes)
    {
        ArgumentNullException.ThrowIfNull(fetchedHashes);
        if (fetchedHashes.Count != Ids.Count)
        {
            throw new ArgumentException(
                $"The plan needs {Ids.Count} node hashes, but {fetchedHashes.Count} were given.", nameof(fetchedHashes));
        }

        var proof = new byte[_groupSizes.Length][];
        var position = 0;
        for (var g = 0; g < _groupSizes.Length; g++)
        {
            var size = _groupSizes[g];
            var last = position + size - 1;
            var hash = CheckedHash(fetchedHashes, last);
            if (size > 1)
            {
                hash = (byte[])hash.Clone();
                for (var i = last - 1; i >= position; i--)
                {
                    TreeHasher.HashChildren(CheckedHash(fetchedHashes, i), hash, hash);
                }
            }

            proof[g] = hash;
            position += size;
        }

        return proof;
    }

    private byte[] CheckedHash(IReadOnlyList<byte[]> hashes, int i) =>
        hashes[i] is { Length: TreeHasher.HashSize } hash
            ? hash
            : throw new ArgumentException($"The hash fetched for node {Ids[i]} is not 32 bytes.", nameof(hashes));
}
